using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands.Demo;

/// <summary>
/// The daily report (对账) of one care region for one business day: every settlement and reversal the
/// clearinghouse accepted for it that day, as the region would list them, with one planted fault — one
/// settlement's fund amount 1.00 yuan too high — so the reconciliation finds exactly one amount mismatch.
/// </summary>
public static class DemoReport
{
    /// <summary>What the planted fault adds to the fund amount: 100 fen.</summary>
    public const long PlantedExtraFen = 100;

    /// <summary>The header and the entries as the region reports them, the planted fault included.</summary>
    public static (DailyReportHeader Header, List<ReportEntry> Entries) Build(
        DemoWorld world, DemoMonth month, string careRegion, string businessDay, IEnumerable<Settlement> settlements, Reversal reversal, string reversalRequestId)
    {
        var entries = settlements
            .Where(s => s.CareRegionCode == careRegion && DemoMonth.BusinessDay(s.AcceptedAt) == businessDay)
            .Select(s => new ReportEntry { RequestId = s.RequestId, Kind = ReportEntryKind.Settlement, FundPayFen = s.FundPayFen + s.SeriousIllnessPayFen + s.AssistancePayFen, AccountPayFen = s.AccountPayFen })
            .ToList();
        if (DemoMonth.BusinessDay(reversal.AcceptedAt) == businessDay)
        {
            entries.Add(new ReportEntry { RequestId = reversalRequestId, Kind = ReportEntryKind.Reversal, FundPayFen = reversal.FundPayFen + reversal.SeriousIllnessPayFen + reversal.AssistancePayFen, AccountPayFen = reversal.AccountPayFen });
        }
        // The last settlement of the day: never the reversed one, which comes first.
        var planted = entries.Last(e => e.Kind == ReportEntryKind.Settlement);
        planted.FundPayFen += PlantedExtraFen;
        var header = new DailyReportHeader
        {
            RequestId = world.Id($"{month.Period}-report-{careRegion}-{businessDay}"),
            CareRegionCode = careRegion,
            BusinessDate = businessDay,
        };
        return (header, entries);
    }

    /// <summary>Streams the header, then the entries in one batch (a day of the demo is a few hundred at most).</summary>
    public static async Task<ReconciliationResult> SubmitAsync(Connection connection, DailyReportHeader header, List<ReportEntry> entries, CancellationToken cancellationToken)
    {
        using var call = connection.Reconciliation.SubmitDailyReport(connection.Call(cancellationToken));
        await call.RequestStream.WriteAsync(new SubmitDailyReportRequest { Header = header }, cancellationToken);
        var batch = new ReportEntryBatch();
        batch.Entries.AddRange(entries);
        await call.RequestStream.WriteAsync(new SubmitDailyReportRequest { Entries = batch }, cancellationToken);
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }
}
