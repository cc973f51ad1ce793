using Clearinghouse.Domain;
using Clearinghouse.Domain.Accounts;
using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.ReadModels.Audit;
using Clearinghouse.Storage.ReadModels.Clearing;
using Npgsql;

namespace Clearinghouse.Storage.ReadModels.Ledger;

/// <summary>
/// The ledger reads a region's funds (pooled, serious-illness, assistance) book from. Nothing here is on the settlement path: a fund reads its
/// range when it books (every few minutes) or when asked, with the indexes the ledger has anyway.
/// </summary>
public sealed class PooledFundQueries(NpgsqlDataSource database) : IPooledFundQueries
{
    /// <summary>
    /// Under the commit lock, shared: a writer takes its numbers and commits while it holds the lock exclusively,
    /// so while a reader holds it no number is taken and not yet committed, and the sequence's last value is a
    /// horizon no later commit goes below. Held for this one statement, so intake waits a moment at most.
    /// </summary>
    private static readonly string Horizon =
        $"select case when s.is_called then s.last_value else 0 end, " +
        $"coalesce((select min(period) from {ClearingSchema.Periods} where state = 'open'), (select max(period) from {ClearingSchema.Periods}), '') " +
        $"from {LedgerSchema.CommitSequence} s";

    /// <summary>
    /// One statement per fund, one index range per table and period: contributions by (insured region, seq);
    /// settlements and reversals by their (period, insured region, seq) indexes over the periods from the one the
    /// last booking saw open, since the period fence lets a row in only while its period is open. Each fund reads
    /// its own columns; the assistance fund has no contributions part, so its first aggregate reads nothing.
    /// </summary>
    private static readonly IReadOnlyDictionary<FundKind, string> Sums = new Dictionary<FundKind, string>
    {
        [FundKind.Pooled] = Sum("pooled_credit_fen", "fund_pay_fen"),
        [FundKind.SeriousIllness] = Sum("serious_illness_credit_fen", "serious_illness_pay_fen"),
        [FundKind.Assistance] = Sum(null, "assistance_pay_fen"),
    };

    private static string Sum(string? contributionColumn, string payColumn) =>
        (contributionColumn is null
            ? "select 1, 0::bigint, 0::bigint "
            : $"select 1, count(*), coalesce(sum({contributionColumn}), 0)::bigint from {LedgerSchema.Contributions} " +
              $"where insured_region_code = $1 and seq > $2 and seq <= $3 and {contributionColumn} > 0 ") +
        $"union all select 2, count(*), coalesce(sum({payColumn}), 0)::bigint from {LedgerSchema.Settlements} " +
        $"where period = any(array(select period from {ClearingSchema.Periods} where period >= $4)) and insured_region_code = $1 and seq > $2 and seq <= $3 and {payColumn} > 0 " +
        $"union all select 3, count(*), coalesce(sum({payColumn}), 0)::bigint from {LedgerSchema.Reversals} " +
        $"where period = any(array(select period from {ClearingSchema.Periods} where period >= $4)) and insured_region_code = $1 and seq > $2 and seq <= $3 and {payColumn} > 0";

    /// <summary>Regions from the audit trail's region_upserted rows (by its kind index): a handful of rows per region.</summary>
    private static readonly string Regions =
        $"select distinct r from {AuditSchema.Actions}, unnest(regions) as r where kind = $1 order by r";

    public async Task<LedgerHorizon> ReadHorizonAsync(CancellationToken cancellationToken = default)
    {
        // One batch is one implicit transaction: the shared lock is held until the horizon is read, no longer.
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"select pg_advisory_xact_lock_shared({LedgerSchema.CommitLockKey})"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Horizon));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        Invariant.Require(await reader.ReadAsync(cancellationToken), "a sequence has one row");
        var horizon = new LedgerHorizon(reader.GetInt64(0), reader.GetString(1));
        Invariant.Require(horizon.ThroughSequence >= 0, "commit sequence numbers are positive");
        return horizon;
    }

    public async Task<PooledMovements> SumAsync(
        FundKind fund, string regionCode, long afterSequence, long? throughSequence, string fromPeriod, CancellationToken cancellationToken = default)
    {
        Invariant.Require(afterSequence >= 0 && (throughSequence ?? long.MaxValue) >= afterSequence, "a range of commit sequence numbers");
        await using var command = database.CreateCommand(Sums[fund]);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = regionCode });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = throughSequence ?? long.MaxValue });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = fromPeriod });
        var sums = new (long Count, long Fen)[4];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sums[reader.GetInt32(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }
        var movements = new PooledMovements(sums[1].Count, sums[1].Fen, sums[2].Count, sums[2].Fen, sums[3].Count, sums[3].Fen);
        Invariant.Require(movements.IsWellFormed, "only rows that move the fund are counted");
        return movements;
    }

    public async Task<IReadOnlyList<string>> ListRegionCodesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(Regions);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = EventKinds.Of(typeof(RegionUpserted)) });
        var regions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            regions.Add(reader.GetString(0));
        }
        return regions;
    }
}
