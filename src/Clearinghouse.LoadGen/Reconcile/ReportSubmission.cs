using System.Diagnostics;
using Clearinghouse.V1;

namespace Clearinghouse.LoadGen.Reconcile;

/// <summary>One report sent and answered: the result, how many lines it had, and how long streaming and the whole call took.</summary>
public sealed record SubmittedReport(ReconciliationResult Result, long Lines, TimeSpan Streamed, TimeSpan Elapsed);

/// <summary>Streams the benchmark day's report for the care region over SubmitDailyReport, <c>entriesPerMessage</c> entries a message.</summary>
public sealed class ReportSubmission(ReconciliationService.ReconciliationServiceClient reconciliation, BenchDay day, string prefix, string careRegion, int entriesPerMessage)
{
    /// <summary>The discrepancies every report must come back with (computed once: it walks the whole day).</summary>
    public int ExpectedDiscrepancies { get; } = day.ExpectedDiscrepancies;

    /// <summary>Report <paramref name="run"/> (its own request id, so it replaces the day's earlier result).</summary>
    public async Task<SubmittedReport> SubmitAsync(int run, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var call = reconciliation.SubmitDailyReport(deadline: DateTime.UtcNow.AddMinutes(10), cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new SubmitDailyReportRequest
        {
            Header = new DailyReportHeader { RequestId = $"{prefix}-report-{run}", CareRegionCode = careRegion, BusinessDate = "2026-01-15" },
        }, cancellationToken);
        var lines = await WriteLinesAsync(call.RequestStream, cancellationToken);
        await call.RequestStream.CompleteAsync();
        var streamed = clock.Elapsed;
        var result = await call.ResponseAsync;
        clock.Stop();
        return new SubmittedReport(result, lines, streamed, clock.Elapsed);
    }

    private async Task<long> WriteLinesAsync(Grpc.Core.IClientStreamWriter<SubmitDailyReportRequest> stream, CancellationToken cancellationToken)
    {
        long lines = 0;
        var pending = new ReportEntryBatch();
        foreach (var entry in day.ReportLines())
        {
            lines++;
            if (entriesPerMessage == 1)
            {
                await stream.WriteAsync(new SubmitDailyReportRequest { Entry = entry }, cancellationToken);
                continue;
            }
            pending.Entries.Add(entry);
            if (pending.Entries.Count == entriesPerMessage)
            {
                await stream.WriteAsync(new SubmitDailyReportRequest { Entries = pending }, cancellationToken);
                pending = new ReportEntryBatch();
            }
        }
        if (pending.Entries.Count > 0)
        {
            await stream.WriteAsync(new SubmitDailyReportRequest { Entries = pending }, cancellationToken);
        }
        return lines;
    }
}
