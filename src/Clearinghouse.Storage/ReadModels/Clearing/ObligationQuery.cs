using Clearinghouse.Domain;
using Clearinghouse.Domain.Clearing;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.ReadModels.Ledger;
using Clearinghouse.Storage.Failures;
using Npgsql;

namespace Clearinghouse.Storage.ReadModels.Clearing;

/// <summary>
/// A period's obligations in one aggregate query: settlements and reversals booked in the period,
/// summed per ordered pair (insured → care) of every fund tier's pay (basic fund, serious illness,
/// assistance) and the personal-account share — what the insured region's funds paid for care in the other
/// region — with the serious-illness and assistance parts apart. Ordered, so the same rows always read the same.
/// </summary>
public sealed class ObligationQuery(NpgsqlDataSource database) : IObligationSource
{
    private static readonly string Sql = PairSums("period = $1", "period = $1");

    /// <summary>
    /// The sums over the rows numbered in ($2, $3]: the whole period from scratch (every row its care region's index
    /// holds), or only the rows committed since a running figure's horizon. The later read visits each of the
    /// period's care regions once through its (period, care region, seq) index, found by a skip scan of the same
    /// index (one descent per region), so it reads only the new rows rather than the whole period.
    /// </summary>
    private static readonly string RangeSql = PairSums("period = $1 and seq > $2 and seq <= $3", "period = $1 and seq > $2 and seq <= $3");

    private static readonly string LaterRangeSql = PairSums(
        $"period = $1 and care_region_code = any(array({CareRegionsOf(LedgerSchema.Settlements)})) and seq > $2 and seq <= $3",
        $"period = $1 and care_region_code = any(array({CareRegionsOf(LedgerSchema.Reversals)})) and seq > $2 and seq <= $3");

    private static string PairSums(string settlementFilter, string reversalFilter) => $"""
        with s as (
          select insured_region_code, care_region_code, sum(fund_pay_fen + serious_illness_pay_fen + assistance_pay_fen + account_pay_fen) as fen, count(*) as n,
                 sum(serious_illness_pay_fen) as si, sum(assistance_pay_fen) as a
          from {LedgerSchema.Settlements} where {settlementFilter} group by 1, 2),
        r as (
          select insured_region_code, care_region_code, sum(fund_pay_fen + serious_illness_pay_fen + assistance_pay_fen + account_pay_fen) as fen, count(*) as n,
                 sum(serious_illness_pay_fen) as si, sum(assistance_pay_fen) as a
          from {LedgerSchema.Reversals} where {reversalFilter} group by 1, 2)
        select coalesce(s.insured_region_code, r.insured_region_code), coalesce(s.care_region_code, r.care_region_code),
               coalesce(s.fen, 0)::bigint, coalesce(s.n, 0), coalesce(r.fen, 0)::bigint, coalesce(r.n, 0),
               (coalesce(s.si, 0) - coalesce(r.si, 0))::bigint, (coalesce(s.a, 0) - coalesce(r.a, 0))::bigint
        from s full join r on s.insured_region_code = r.insured_region_code and s.care_region_code = r.care_region_code
        order by 1, 2
        """;

    /// <summary>The period's distinct care regions in a table, by a recursive skip scan of its (period, care region, seq) index.</summary>
    private static string CareRegionsOf(string table) => $"""
        with recursive c(code) as (
          (select care_region_code from {table} where period = $1 order by care_region_code limit 1)
          union all
          select (select t.care_region_code from {table} t where t.period = $1 and t.care_region_code > c.code order by t.care_region_code limit 1)
          from c where c.code is not null)
        select code from c where code is not null
        """;

    // The same sums over one region's rows: each side is one index range (period, care or insured region).
    private const string RegionSql = $"""
        with s as (
          select insured_region_code, care_region_code, sum(fund_pay_fen + serious_illness_pay_fen + assistance_pay_fen + account_pay_fen) as fen, count(*) as n,
                 sum(serious_illness_pay_fen) as si, sum(assistance_pay_fen) as a
          from {LedgerSchema.Settlements} where period = $1 and care_region_code = $2 group by 1, 2
          union all
          select insured_region_code, care_region_code, sum(fund_pay_fen + serious_illness_pay_fen + assistance_pay_fen + account_pay_fen) as fen, count(*) as n,
                 sum(serious_illness_pay_fen) as si, sum(assistance_pay_fen) as a
          from {LedgerSchema.Settlements} where period = $1 and insured_region_code = $2 group by 1, 2),
        r as (
          select insured_region_code, care_region_code, sum(fund_pay_fen + serious_illness_pay_fen + assistance_pay_fen + account_pay_fen) as fen, count(*) as n,
                 sum(serious_illness_pay_fen) as si, sum(assistance_pay_fen) as a
          from {LedgerSchema.Reversals} where period = $1 and (care_region_code = $2 or insured_region_code = $2) group by 1, 2)
        select coalesce(s.insured_region_code, r.insured_region_code), coalesce(s.care_region_code, r.care_region_code),
               coalesce(s.fen, 0)::bigint, coalesce(s.n, 0), coalesce(r.fen, 0)::bigint, coalesce(r.n, 0),
               (coalesce(s.si, 0) - coalesce(r.si, 0))::bigint, (coalesce(s.a, 0) - coalesce(r.a, 0))::bigint
        from s full join r on s.insured_region_code = r.insured_region_code and s.care_region_code = r.care_region_code
        order by 1, 2
        """;

    public Task<IReadOnlyList<PairObligation>> ReadAsync(string period, CancellationToken cancellationToken = default) =>
        QueryAsync(Sql, period, null, cancellationToken);

    public Task<IReadOnlyList<PairObligation>> ReadForRegionAsync(string period, string regionCode, CancellationToken cancellationToken = default) =>
        QueryAsync(RegionSql, period, regionCode, cancellationToken);

    public Task<IReadOnlyList<PairObligation>> ReadRangeAsync(string period, long afterSequence, long throughSequence, CancellationToken cancellationToken = default)
    {
        Invariant.Require(afterSequence >= 0 && throughSequence >= afterSequence, "a range of commit sequence numbers");
        return QueryAsync(afterSequence == 0 ? RangeSql : LaterRangeSql, period, null, cancellationToken, (afterSequence, throughSequence));
    }

    private async Task<IReadOnlyList<PairObligation>> QueryAsync(
        string sql, string period, string? regionCode, CancellationToken cancellationToken, (long After, long Through)? range = null)
    {
        try
        {
            await using var command = database.CreateCommand(sql);
            command.CommandTimeout = 600;
            command.Parameters.Add(new NpgsqlParameter { Value = period });
            if (regionCode is not null)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = regionCode });
            }
            if (range is { } sequences)
            {
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequences.After });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequences.Through });
            }
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var pairs = new List<PairObligation>();
            while (await reader.ReadAsync(cancellationToken))
            {
                pairs.Add(new PairObligation(
                    reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                    reader.GetInt64(6), reader.GetInt64(7)));
            }
            return pairs;
        }
        catch (Exception e) when (TransientDatabaseFailure.IsTransientDatabaseFailure(e))
        {
            throw TransientDatabaseFailure.Translate(e);
        }
    }
}
