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
    private const string Sql = $"""
        with s as (
          select insured_region_code, care_region_code, sum(fund_pay_fen + serious_illness_pay_fen + assistance_pay_fen + account_pay_fen) as fen, count(*) as n,
                 sum(serious_illness_pay_fen) as si, sum(assistance_pay_fen) as a
          from {LedgerSchema.Settlements} where period = $1 group by 1, 2),
        r as (
          select insured_region_code, care_region_code, sum(fund_pay_fen + serious_illness_pay_fen + assistance_pay_fen + account_pay_fen) as fen, count(*) as n,
                 sum(serious_illness_pay_fen) as si, sum(assistance_pay_fen) as a
          from {LedgerSchema.Reversals} where period = $1 group by 1, 2)
        select coalesce(s.insured_region_code, r.insured_region_code), coalesce(s.care_region_code, r.care_region_code),
               coalesce(s.fen, 0)::bigint, coalesce(s.n, 0), coalesce(r.fen, 0)::bigint, coalesce(r.n, 0),
               (coalesce(s.si, 0) - coalesce(r.si, 0))::bigint, (coalesce(s.a, 0) - coalesce(r.a, 0))::bigint
        from s full join r on s.insured_region_code = r.insured_region_code and s.care_region_code = r.care_region_code
        order by 1, 2
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

    private async Task<IReadOnlyList<PairObligation>> QueryAsync(string sql, string period, string? regionCode, CancellationToken cancellationToken)
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
