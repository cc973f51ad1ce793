using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Reconciliation;
using Clearinghouse.Storage.EventLog;

namespace Clearinghouse.Storage.ReadModels.Reconciliation;

/// <summary>
/// Projects reconciliation events into <see cref="ReconciliationSchema"/>'s tables in the transaction that
/// appends them: an answered report or resolution is always listed.
/// Discrepancies are written as arrays (unnest), in bounded chunks: a day can find many thousands, and one
/// statement per row would make a large report's commit slow.
/// </summary>
internal static class ReconciliationProjection
{
    private const int ChunkSize = 5_000;

    public static void Stage(SqlBatch batch, IStampedEvent e)
    {
        switch (e)
        {
            case DailyReportReconciled report:
                StageReport(batch, report);
                break;
            case DiscrepancyResolved resolved:
                batch.Add(
                    $"update {ReconciliationSchema.Discrepancies} set status = ?, resolution = ?, note = ?, officer = ?, resolved_at = ? " +
                    "where discrepancy_id = ?",
                    (short)DiscrepancyStatus.Resolved, (short)resolved.Resolution, resolved.Note, resolved.Officer,
                    resolved.Request.AcceptedAt.ToUniversalTime(), resolved.DiscrepancyId);
                break;
        }
    }

    private static void StageReport(SqlBatch batch, DailyReportReconciled report)
    {
        var period = BusinessDay.PeriodOf(report.BusinessDate);
        batch.Add(
            $"insert into {ReconciliationSchema.Days} (care_region_code, business_date, period, reconciliation_id, request_id, reconciled_at, " +
            "matched_count, region_entry_count, clearinghouse_entry_count) values (?, ?, ?, ?, ?, ?, ?, ?, ?) " +
            "on conflict (care_region_code, business_date) do update set reconciliation_id = excluded.reconciliation_id, " +
            "request_id = excluded.request_id, reconciled_at = excluded.reconciled_at, matched_count = excluded.matched_count, " +
            "region_entry_count = excluded.region_entry_count, clearinghouse_entry_count = excluded.clearinghouse_entry_count",
            report.CareRegionCode, report.BusinessDate, period, report.ReconciliationId, report.Request.RequestId,
            report.Request.AcceptedAt.ToUniversalTime(), report.MatchedCount, report.RegionEntryCount, report.ClearinghouseEntryCount);

        foreach (var chunk in report.Discrepancies.Where(d => !d.CarriedOver).Chunk(ChunkSize))
        {
            batch.Add(
                $"insert into {ReconciliationSchema.Discrepancies} (discrepancy_id, care_region_code, business_date, period, reconciliation_id, " +
                "kind, request_id, entry_kind, region_fund_pay_fen, region_account_pay_fen, clearinghouse_fund_pay_fen, " +
                "clearinghouse_account_pay_fen, status) " +
                "select d.id, ?, ?, ?, ?, d.kind, d.request_id, d.entry_kind, d.region_fund, d.region_account, d.ledger_fund, d.ledger_account, ? " +
                "from unnest(?::text[], ?::smallint[], ?::text[], ?::smallint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) " +
                "as d(id, kind, request_id, entry_kind, region_fund, region_account, ledger_fund, ledger_account)",
                report.CareRegionCode, report.BusinessDate, period, report.ReconciliationId, (short)DiscrepancyStatus.Open,
                chunk.Select(d => d.DiscrepancyId).ToArray(),
                chunk.Select(d => (short)d.Found.Kind).ToArray(),
                chunk.Select(d => d.Found.RequestId).ToArray(),
                chunk.Select(d => (short)d.Found.EntryKind).ToArray(),
                chunk.Select(d => d.Found.Region?.FundPayFen).ToArray(),
                chunk.Select(d => d.Found.Region?.AccountPayFen).ToArray(),
                chunk.Select(d => d.Found.Clearinghouse?.FundPayFen).ToArray(),
                chunk.Select(d => d.Found.Clearinghouse?.AccountPayFen).ToArray());
        }
        foreach (var chunk in report.Superseded.Chunk(ChunkSize))
        {
            batch.Add(
                $"update {ReconciliationSchema.Discrepancies} set status = ? where discrepancy_id = any(?::text[]) and status = ?",
                (short)DiscrepancyStatus.Superseded, chunk, (short)DiscrepancyStatus.Open);
        }
    }
}
