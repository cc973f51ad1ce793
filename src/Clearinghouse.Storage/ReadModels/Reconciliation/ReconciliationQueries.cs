using Clearinghouse.Domain;
using Clearinghouse.Domain.Reconciliation;
using Clearinghouse.Grains.Storage;
using Npgsql;

namespace Clearinghouse.Storage.ReadModels.Reconciliation;

/// <summary>Reads of the reconciliation read models (see <see cref="ReconciliationSchema"/>).</summary>
public sealed class ReconciliationQueries(NpgsqlDataSource database) : IReconciliationQueries
{
    private const string SelectDiscrepancy =
        "select discrepancy_id, care_region_code, business_date, reconciliation_id, kind, request_id, entry_kind, " +
        "region_fund_pay_fen, region_account_pay_fen, clearinghouse_fund_pay_fen, clearinghouse_account_pay_fen, " +
        $"status, resolution, note, officer, resolved_at, seq from {ReconciliationSchema.Discrepancies} ";

    public async Task<DiscrepancyView?> FindDiscrepancyAsync(string discrepancyId, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(SelectDiscrepancy + "where discrepancy_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = discrepancyId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// One page of a care region's discrepancies with one status (of one business day, when one is named), in
    /// the order they were found (the commit sequence, see <see cref="ReconciliationSchema"/>); the sequence
    /// number is the cursor.
    /// </summary>
    public async Task<DiscrepancyPage> ListAsync(
        string careRegionCode, DiscrepancyStatus status, DateOnly? businessDate, int pageSize, long afterSequence,
        CancellationToken cancellationToken = default)
    {
        Invariant.Require(pageSize is > 0 and <= Limits.MaxPageSize, "page size is bounded");
        Invariant.Require(afterSequence >= 0, "a cursor is a sequence number");
        // With a day, the (care region, business day, status) index holds the day's few rows; without one, the
        // (care region, status, seq) index is read in order.
        await using var command = database.CreateCommand(
            SelectDiscrepancy + "where care_region_code = $1 and status = $2 and seq > $3" +
            (businessDate is null ? "" : " and business_date = $5") + " order by seq limit $4");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = careRegionCode });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)status });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pageSize + 1 });
        if (businessDate is { } day)
        {
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        }
        var rows = new List<(DiscrepancyView View, long Sequence)>(pageSize + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((Read(reader), reader.GetInt64(16)));
        }
        var page = rows.Take(pageSize).ToList();
        return new DiscrepancyPage([.. page.Select(r => r.View)], rows.Count > pageSize ? page[^1].Sequence : null);
    }

    /// <summary>The reconciled days of a care region in a period, with their open discrepancy counts.</summary>
    public async Task<IReadOnlyList<ReconciledDay>> DaysAsync(string careRegionCode, string period, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            "select d.business_date, d.reconciliation_id, d.reconciled_at, d.matched_count, d.region_entry_count, d.clearinghouse_entry_count, " +
            $"(select count(*) from {ReconciliationSchema.Discrepancies} x " +
            "  where x.care_region_code = d.care_region_code and x.business_date = d.business_date and x.status = $3)::integer " +
            $"from {ReconciliationSchema.Days} d where d.care_region_code = $1 and d.period = $2 order by d.business_date");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = careRegionCode });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = period });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)DiscrepancyStatus.Open });
        var days = new List<ReconciledDay>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new ReconciledDay(
                reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt32(6)));
        }
        return days;
    }

    private static DiscrepancyView Read(NpgsqlDataReader r)
    {
        var found = new FoundDiscrepancy(
            (DiscrepancyKind)r.GetInt16(4), r.GetString(5), (EntryKind)r.GetInt16(6),
            r.IsDBNull(7) ? null : new EntryAmounts(r.GetInt64(7), r.GetInt64(8)),
            r.IsDBNull(9) ? null : new EntryAmounts(r.GetInt64(9), r.GetInt64(10)));
        return new DiscrepancyView(
            r.GetString(0), r.GetString(1), r.GetFieldValue<DateOnly>(2), r.GetString(3), found, (DiscrepancyStatus)r.GetInt16(11),
            r.IsDBNull(12) ? null : (DiscrepancyResolution)r.GetInt16(12),
            r.IsDBNull(13) ? "" : r.GetString(13),
            r.IsDBNull(14) ? "" : r.GetString(14),
            r.IsDBNull(15) ? null : r.GetFieldValue<DateTimeOffset>(15));
    }
}
