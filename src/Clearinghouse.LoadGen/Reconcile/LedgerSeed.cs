using Clearinghouse.LoadGen.Seeding;
using Npgsql;
using NpgsqlTypes;

namespace Clearinghouse.LoadGen.Reconcile;

/// <summary>
/// Writes the benchmark day's ledger rows straight into the ledger tables with binary COPY. The benchmark
/// measures reconciliation, which reads only these tables; settling 200,000 visits through the API first
/// would take minutes and measure intake instead (ops/bench.sh does that). Rows carry placeholder values
/// in the columns reconciliation does not read.
/// </summary>
public static class LedgerSeed
{
    public static async Task SeedAsync(string connectionString, BenchDay day, string careRegion, string insuredRegion, DateOnly businessDate)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var acceptedAt = new DateTimeOffset(businessDate.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
        var period = businessDate.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        await using (var settlements = await connection.BeginBinaryImportAsync(
            LedgerCopy.Settlements))
        {
            for (var i = 0; i < day.Entries; i++)
            {
                if (day.IsReversal(i))
                {
                    continue;
                }
                var fund = day.FundPayFen(i);
                var account = day.AccountPayFen(i);
                await settlements.WriteRowAsync(default,
                    SettlementId(day, i), day.RequestId(i), period, $"bench-person-{i % 5_000}", insuredRegion, careRegion, "BENCH-H",
                    (short)1, businessDate, acceptedAt, businessDate, true, 1, fund + account, 0L, 0L, fund + account, 0L, 10_000, fund, account, 0L,
                    0L, 0L, 0L, 0L, 0);
            }
            // Reversals need a settlement to point at: a settlement of an earlier day, not reported today.
            for (var i = 0; i < day.Entries; i++)
            {
                if (day.IsReversal(i))
                {
                    await settlements.WriteRowAsync(default,
                        SettlementId(day, i), day.RequestId(i) + "-original", period, $"bench-person-{i % 5_000}", insuredRegion, careRegion, "BENCH-H",
                        (short)1, businessDate, acceptedAt, businessDate.AddDays(-1), true, 1, day.FundPayFen(i) + day.AccountPayFen(i), 0L, 0L,
                        day.FundPayFen(i) + day.AccountPayFen(i), 0L, 10_000, day.FundPayFen(i), day.AccountPayFen(i), 0L, 0L, 0L, 0L, 0L, 0);
                }
            }
            await settlements.CompleteAsync();
        }
        await using (var reversals = await connection.BeginBinaryImportAsync(
            LedgerCopy.Reversals))
        {
            for (var i = 0; i < day.Entries; i++)
            {
                if (day.IsReversal(i))
                {
                    await reversals.WriteRowAsync(default,
                        $"{SettlementId(day, i)}r", SettlementId(day, i), day.RequestId(i), period, $"bench-person-{i % 5_000}", insuredRegion,
                        careRegion, acceptedAt, businessDate, day.FundPayFen(i), day.AccountPayFen(i), 0L, 0L);
                }
            }
            await reversals.CompleteAsync();
        }
        await transaction.CommitAsync();
        // Fresh statistics, as autovacuum would give a day that arrived over hours.
        await using var analyze = new NpgsqlCommand("analyze clearinghouse.ledger_settlements; analyze clearinghouse.ledger_reversals", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    private static string SettlementId(BenchDay day, int i) => day.RequestId(i).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
}
