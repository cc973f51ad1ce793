using Clearinghouse.Domain;
using Clearinghouse.Domain.ReadModels;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Storage.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace Clearinghouse.Storage;

/// <summary>Reads of the settlement ledger (see <see cref="LedgerSchema"/>).</summary>
public sealed class SettlementQueries(NpgsqlDataSource database)
{
    private const string SelectSettlement =
        "select s.id, s.request_id, s.period, s.person_id, s.insured_region_code, s.care_region_code, s.hospital_code, " +
        "s.visit_type, s.service_date, s.accepted_at, s.registered, s.policy_version, s.total_fen, s.self_pay_c_fen, " +
        "s.copay_b_fen, s.eligible_fen, s.deductible_fen, s.ratio_bp, s.fund_pay_fen, s.account_pay_fen, s.cash_pay_fen, " +
        "r.id, r.period, r.accepted_at, s.txid " +
        $"from {LedgerSchema.Settlements} s left join {LedgerSchema.Reversals} r on r.settlement_id = s.id ";

    public async Task<SettlementRecord?> FindAsync(string settlementId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(SelectSettlement + "where s.id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = settlementId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// One page of a period's settlements where the region is the care or the insured region, in commit
    /// order. Only rows of transactions older than the oldest one still running are served, so a row that
    /// commits later always sorts after the cursor: paging never skips or repeats, whatever arrives
    /// meanwhile. A page may therefore come back short (even empty) with a token while writes are in
    /// flight; the listing is complete only when the token is empty.
    /// </summary>
    public async Task<SettlementPage> ListAsync(
        string regionCode, string period, int pageSize, PageCursor? after, CancellationToken cancellationToken = default)
    {
        Invariant.Require(pageSize is > 0 and <= Limits.MaxPageSize, "page size is bounded");
        const string Match = "s.period = $1 and (s.care_region_code = $2 or s.insured_region_code = $2) and (s.txid, s.id) > ($3, $4)";
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(Command(
            SelectSettlement + $"where {Match} and s.txid < pg_snapshot_xmin(pg_current_snapshot()) order by s.txid, s.id limit $5",
            regionCode, period, after, pageSize + 1));
        // Rows at or past the horizon (still being committed around now): if any match, the client must
        // come back for them even when this page is short.
        batch.BatchCommands.Add(Command(
            $"select exists (select 1 from {LedgerSchema.Settlements} s where {Match} and s.txid >= pg_snapshot_xmin(pg_current_snapshot()))",
            regionCode, period, after, null));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(SettlementRecord Record, PageCursor Cursor)>(pageSize + 1);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((Read(reader), new PageCursor(reader.GetFieldValue<ulong>(24), reader.GetString(0))));
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var pending = reader.GetBoolean(0);

        var page = rows.Take(pageSize).ToList();
        PageCursor? next = rows.Count > pageSize || pending ? (page.Count > 0 ? page[^1].Cursor : after ?? PageCursor.Start) : null;
        return new SettlementPage([.. page.Select(r => r.Record)], next);
    }

    private static NpgsqlBatchCommand Command(string sql, string regionCode, string period, PageCursor? after, int? limit)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = period });
        command.Parameters.Add(new NpgsqlParameter { Value = regionCode });
        command.Parameters.Add(new NpgsqlParameter { Value = (after ?? PageCursor.Start).TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 });
        command.Parameters.Add(new NpgsqlParameter { Value = (after ?? PageCursor.Start).Id });
        if (limit is { } n)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = n });
        }
        return command;
    }

    private static SettlementRecord Read(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
        (VisitType)r.GetInt16(7), r.GetFieldValue<DateOnly>(8), r.GetFieldValue<DateTimeOffset>(9), r.GetBoolean(10), r.GetInt32(11),
        new SettlementBreakdown(
            r.GetInt64(12), r.GetInt64(13), r.GetInt64(14), r.GetInt64(15), r.GetInt64(16), r.GetInt32(17),
            r.GetInt64(18), r.GetInt64(19), r.GetInt64(20)),
        r.IsDBNull(21) ? null : r.GetString(21),
        r.IsDBNull(22) ? null : r.GetString(22),
        r.IsDBNull(23) ? null : r.GetFieldValue<DateTimeOffset>(23));
}

/// <summary>A position in commit order: the writing transaction's id, then the settlement id.</summary>
public sealed record PageCursor(ulong TransactionId, string Id)
{
    public static readonly PageCursor Start = new(0, "");
}

/// <param name="Next">Where the next page starts; null when the listing is complete.</param>
public sealed record SettlementPage(IReadOnlyList<SettlementRecord> Settlements, PageCursor? Next);
