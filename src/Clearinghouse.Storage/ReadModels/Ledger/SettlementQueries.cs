using Clearinghouse.Domain;
using Clearinghouse.Domain.ReadModels;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.ReadModels.Ledger;
using Npgsql;

namespace Clearinghouse.Storage.ReadModels.Ledger;

/// <summary>Reads of the settlement ledger (see <see cref="LedgerSchema"/>).</summary>
public sealed class SettlementQueries(NpgsqlDataSource database) : ISettlementQueries
{
    private const string SelectSettlement =
        "select s.id, s.request_id, s.period, s.person_id, s.insured_region_code, s.care_region_code, s.hospital_code, " +
        "s.visit_type, s.service_date, s.accepted_at, s.registered, s.policy_version, s.total_fen, s.self_pay_c_fen, " +
        "s.copay_b_fen, s.eligible_fen, s.deductible_fen, s.ratio_bp, s.fund_pay_fen, s.account_pay_fen, s.cash_pay_fen, " +
        "r.id, r.period, r.accepted_at, s.seq, s.qualifying_self_burden_fen, s.serious_illness_pay_fen, s.assistance_pay_fen, " +
        "s.over_limit_self_pay_fen, s.catalogue_version " +
        $"from {LedgerSchema.Settlements} s left join {LedgerSchema.Reversals} r on r.settlement_id = s.id ";

    /// <summary>
    /// The person whose grain owns a settlement, or null: all that Reverse needs to route a request. One
    /// primary-key lookup in one table, on purpose. The full record joins the reversals, and a plan cached
    /// while that table was small (a new deployment, a benchmark's fresh database) scans it whole on every
    /// call until the next ANALYZE, which made each Reverse cost PostgreSQL more than a hundred
    /// settlements' events (see docs/performance.md).
    /// </summary>
    public async Task<string?> FindOwnerAsync(string settlementId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"select person_id from {LedgerSchema.Settlements} where id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = settlementId });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<SettlementRecord?> FindAsync(string settlementId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(SelectSettlement + "where s.id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = settlementId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// One page of a period's settlements where the region is the care or the insured region (with the
    /// counterparty on the other side, when one is named), in commit order (the ledger's commit sequence, see
    /// <see cref="LedgerSchema"/>): a settlement committing while a client pages always sorts after the
    /// client's cursor, so pages never skip or repeat.
    /// </summary>
    public async Task<SettlementPage> ListAsync(
        string regionCode, string? counterpartyRegionCode, string period, int pageSize, long afterSequence, CancellationToken cancellationToken = default)
    {
        var (rows, next) = await PageAsync(SelectSettlement, "s.", 24, Read, regionCode, counterpartyRegionCode, period, pageSize, afterSequence, cancellationToken);
        return new SettlementPage(rows, next);
    }

    private const string SelectReversal =
        "select id, settlement_id, request_id, period, person_id, insured_region_code, care_region_code, fund_pay_fen, account_pay_fen, accepted_at, seq, " +
        "serious_illness_pay_fen, assistance_pay_fen " +
        $"from {LedgerSchema.Reversals} ";

    /// <summary>One page of a period's reversals, paged and filtered as <see cref="ListAsync"/> pages settlements.</summary>
    public async Task<ReversalPage> ListReversalsAsync(
        string regionCode, string? counterpartyRegionCode, string period, int pageSize, long afterSequence, CancellationToken cancellationToken = default)
    {
        var (rows, next) = await PageAsync(SelectReversal, "", 10, ReadReversal, regionCode, counterpartyRegionCode, period, pageSize, afterSequence, cancellationToken);
        return new ReversalPage(rows, next);
    }

    /// <summary>
    /// One page of a period's ledger rows where the region is the care or the insured region, by commit sequence
    /// (column <paramref name="sequenceOrdinal"/> of <paramref name="select"/>), and the cursor of the next page.
    /// One ordered index range per side: a region is never both care and insured region of one row. A
    /// counterparty is a filter on the other side's column within that range: the range is one region's rows of the
    /// period (about 5,000 at 400 regions and a million settlements), so the counterparty has no index of its own,
    /// which every settlement would pay for at intake.
    /// </summary>
    private async Task<(List<T> Rows, long? Next)> PageAsync<T>(
        string select, string alias, int sequenceOrdinal, Func<NpgsqlDataReader, T> read,
        string regionCode, string? counterpartyRegionCode, string period, int pageSize, long afterSequence, CancellationToken cancellationToken)
    {
        Invariant.Require(pageSize is > 0 and <= Limits.MaxPageSize, "page size is bounded");
        Invariant.Require(afterSequence >= 0, "a cursor is a sequence number");
        string Side(string column, string other) =>
            $"select * from ({select}where {alias}period = $1 and {alias}{column} = $2 and {alias}seq > $3" +
            (counterpartyRegionCode is null ? "" : $" and {alias}{other} = $5") +
            $" order by {alias}seq limit $4)";
        await using var command = database.CreateCommand(
            $"{Side("care_region_code", "insured_region_code")} care union all {Side("insured_region_code", "care_region_code")} insured " +
            $"order by {sequenceOrdinal + 1} limit $4");
        command.Parameters.Add(new NpgsqlParameter { Value = period });
        command.Parameters.Add(new NpgsqlParameter { Value = regionCode });
        command.Parameters.Add(new NpgsqlParameter { Value = afterSequence });
        command.Parameters.Add(new NpgsqlParameter { Value = pageSize + 1 });
        if (counterpartyRegionCode is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = counterpartyRegionCode });
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(T Row, long Sequence)>(pageSize + 1);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((read(reader), reader.GetInt64(sequenceOrdinal)));
        }
        var page = rows.Take(pageSize).ToList();
        return ([.. page.Select(r => r.Row)], rows.Count > pageSize ? page[^1].Sequence : null);
    }

    private static ReversalRecord ReadReversal(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
        r.GetString(6), r.GetInt64(7), r.GetInt64(8), r.GetFieldValue<DateTimeOffset>(9), r.GetInt64(11), r.GetInt64(12));

    private static SettlementRecord Read(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
        (VisitType)r.GetInt16(7), r.GetFieldValue<DateOnly>(8), r.GetFieldValue<DateTimeOffset>(9), r.GetBoolean(10), r.GetInt32(11),
        new SettlementBreakdown(
            r.GetInt64(12), r.GetInt64(13), r.GetInt64(14), r.GetInt64(15), r.GetInt64(16), r.GetInt32(17),
            r.GetInt64(18), r.GetInt64(19), r.GetInt64(20), r.GetInt64(25), r.GetInt64(26), r.GetInt64(27), r.GetInt64(28)),
        r.IsDBNull(21) ? null : r.GetString(21),
        r.IsDBNull(22) ? null : r.GetString(22),
        r.IsDBNull(23) ? null : r.GetFieldValue<DateTimeOffset>(23),
        r.GetInt32(29));
}
