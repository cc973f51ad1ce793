using Clearinghouse.LoadGen.Seeding;
using Npgsql;
using NpgsqlTypes;

namespace Clearinghouse.LoadGen.Close;

/// <summary>What the benchmark put into the ledger for one (insured, care) pair of regions, summed as it wrote the rows.</summary>
public sealed class PairSums
{
    public long SettledFen;
    public long ReversedFen;
}

/// <summary>The ledger rows of the benchmark's period: the pairs' sums and the reversals count.</summary>
public sealed record LoadedLedger(Dictionary<(string Insured, string Care), PairSums> Pairs, int Reversals)
{
    /// <summary>Pairs where the region is on both sides (A→B and B→A) make one statement line, not two.</summary>
    public int CountBothWays(string region) => Pairs.Keys.Count(k => k.Insured == region && Pairs.ContainsKey((k.Care, k.Insured)));
}

/// <summary>
/// Writes N settlements (and ~--reverse-percent reversals of them) of random regions and amounts straight into
/// the ledger tables with binary COPY, summing per pair of regions what it wrote; the same seed writes the same rows.
/// Row ids start with <paramref name="idPrefix"/>, so several loads fit in one ledger.
/// </summary>
public sealed class CloseLedger(string[] codes, string period, int reversePercent, Random random, string idPrefix = "bench")
{
    private readonly Dictionary<(string Insured, string Care), PairSums> _pairs = [];
    private readonly List<(string SettlementId, string Insured, string Care, long Fund, long Account)> _reversals = [];
    private readonly DateTime _acceptedAt = DateTime.UtcNow;

    private DateOnly BusinessDate => DateOnly.FromDateTime(_acceptedAt.AddHours(8));

    private readonly record struct Row(int Index, string Id, string Insured, string Care, long Fund, long Account, long Total);

    public async Task<LoadedLedger> LoadAsync(string connectionString, int count, CancellationToken cancellationToken)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await using var copy = await connection.BeginBinaryImportAsync(LedgerCopy.Settlements, cancellationToken);
            for (var i = 0; i < count; i++)
            {
                await WriteSettlementAsync(copy, NextSettlement(i), cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await using var copy = await connection.BeginBinaryImportAsync(LedgerCopy.Reversals, cancellationToken);
            await WriteReversalsAsync(copy, cancellationToken);
            await copy.CompleteAsync(cancellationToken);
        }
        // What autovacuum would have done by the end of a month of intake.
        await using (var analyze = database.CreateCommand("analyze clearinghouse.ledger_settlements; analyze clearinghouse.ledger_reversals"))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }
        return new LoadedLedger(_pairs, _reversals.Count);
    }

    /// <summary>Draws settlement <paramref name="i"/>, adds it to its pair's sums and, for some, reverses it.</summary>
    private Row NextSettlement(int i)
    {
        var insured = codes[random.Next(codes.Length)];
        var care = codes[random.Next(codes.Length - 1)];
        if (care == insured)
        {
            care = codes[^1];
        }
        var fund = random.NextInt64(100, 2_000_000);
        var account = random.Next(4) == 0 ? random.NextInt64(0, 20_000) : 0;
        var total = fund + account + random.NextInt64(0, 100_000);
        var row = new Row(i, $"{idPrefix}-s{i:D9}", insured, care, fund, account, total);
        if (!_pairs.TryGetValue((insured, care), out var sums))
        {
            _pairs[(insured, care)] = sums = new PairSums();
        }
        sums.SettledFen += fund + account;
        if (random.Next(100) < reversePercent)
        {
            _reversals.Add((row.Id, insured, care, fund, account));
            sums.ReversedFen += fund + account;
        }
        return row;
    }

    private async Task WriteSettlementAsync(NpgsqlBinaryImporter copy, Row row, CancellationToken cancellationToken)
    {
        await copy.StartRowAsync(cancellationToken);
        await copy.WriteAsync(row.Id, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync($"{idPrefix}-req-{row.Index}", NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(period, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync($"bench-p{row.Index % 100_000}", NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(row.Insured, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(row.Care, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync("BH" + row.Care, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync((short)1, NpgsqlDbType.Smallint, cancellationToken);
        await copy.WriteAsync(BusinessDate, NpgsqlDbType.Date, cancellationToken);
        await copy.WriteAsync(_acceptedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await copy.WriteAsync(BusinessDate, NpgsqlDbType.Date, cancellationToken);
        await copy.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
        await copy.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
        await copy.WriteAsync(row.Total, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(row.Total, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(8000, NpgsqlDbType.Integer, cancellationToken);
        await copy.WriteAsync(row.Fund, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(row.Account, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(row.Total - row.Fund - row.Account, NpgsqlDbType.Bigint, cancellationToken);
        // No tiers: qualifying self-burden, serious-illness pay and assistance pay 0.
        await copy.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
        // No catalogue: over-limit self-pay 0, catalogue version 0.
        await copy.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(0, NpgsqlDbType.Integer, cancellationToken);
    }

    private async Task WriteReversalsAsync(NpgsqlBinaryImporter copy, CancellationToken cancellationToken)
    {
        var n = 0;
        foreach (var (settlementId, insured, care, fund, account) in _reversals)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync($"{idPrefix}-r{n}", NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(settlementId, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync($"{idPrefix}-rev-{n++}", NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(period, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync("bench-p", NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(insured, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(care, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(_acceptedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(BusinessDate, NpgsqlDbType.Date, cancellationToken);
            await copy.WriteAsync(fund, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(account, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
        }
    }
}
