using System.CommandLine;
using Clearinghouse.Cli.Output;
using Clearinghouse.Cli.Reports;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Cli.Commands;

/// <summary>
/// reconcile: submits a care region's daily report from a CSV file. The file is read twice, never held
/// whole: first to check every line and compute the fingerprint (so a malformed file is refused before
/// any call, and the default request id is known for the header), then to stream it in batches.
/// </summary>
public static class ReconcileCommand
{
    /// <summary>Entries per ReportEntryBatch message (the server allows up to 10,000).</summary>
    public const int BatchSize = 5_000;

    public static Command Create(Definer define)
    {
        var region = new Argument<string>("care-region") { Description = "The reporting care region's code" };
        var date = new Argument<string>("business-date") { Description = "The business day reported, YYYY-MM-DD (China time), not later than today" };
        var file = new Argument<string>("csv-file") { Description = "The report: UTF-8 CSV, header request_id,kind,fund_pay_fen,account_pay_fen" };
        var requestId = new Option<string?>("--request-id")
        {
            Description = "Idempotency key; default report-REGION-DATE-HASH (HASH from the file's entries), so running the same file again is a retry",
        };
        var command = new Command("reconcile", "Submit a care region's daily report (对账) from a CSV file, then print what matched and the discrepancies found.")
        {
            region, date, file, requestId,
        };
        define.Action(command, async (context, cancellationToken) =>
        {
            var header = new DailyReportHeader { CareRegionCode = context.RegionCode(region), BusinessDate = context.BusinessDate(date) };
            var path = context.Value(file);
            if (!File.Exists(path))
            {
                throw new UsageException($"csv-file: no such file '{path}'");
            }
            string fingerprint;
            using (var scan = DailyReportReader.Open(path))
            {
                (fingerprint, _) = Read(path, scan.ReadToEnd);
            }
            header.RequestId = RequestIds.OrDefault(context.Value(requestId), RequestIds.Report(header.CareRegionCode, header.BusinessDate, fingerprint));
            var result = await SubmitAsync(context.Connection, header, path, fingerprint, cancellationToken);
            context.Printer.Print(ReconciliationViews.Result(result, header.RequestId));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Streams the header, then the entries in batches. Should the file fail to read or differ from the
    /// scan, the call is cancelled before it completes, so the server records nothing.
    /// </summary>
    private static async Task<ReconciliationResult> SubmitAsync(
        Connection connection, DailyReportHeader header, string path, string fingerprint, CancellationToken cancellationToken)
    {
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = connection.Reconciliation.SubmitDailyReport(connection.Call(abandon.Token));
        try
        {
            await call.RequestStream.WriteAsync(new SubmitDailyReportRequest { Header = header }, abandon.Token);
            using var report = DailyReportReader.Open(path);
            var batch = new ReportEntryBatch();
            while (Read(path, report.Next) is { } entry)
            {
                batch.Entries.Add(entry);
                if (batch.Entries.Count == BatchSize)
                {
                    await call.RequestStream.WriteAsync(new SubmitDailyReportRequest { Entries = batch }, abandon.Token);
                    batch = new ReportEntryBatch();
                }
            }
            if (batch.Entries.Count > 0)
            {
                await call.RequestStream.WriteAsync(new SubmitDailyReportRequest { Entries = batch }, abandon.Token);
            }
            if (report.Fingerprint() != fingerprint)
            {
                throw new IOException($"{path} changed while it was being sent: the submission was cancelled, nothing was recorded; run reconcile again");
            }
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is UsageException or IOException)
        {
            await abandon.CancelAsync();
            throw;
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException && !abandon.IsCancellationRequested)
        {
            // The server answered before the report ended (a refusal): the call's status says why.
        }
        return await call.ResponseAsync;
    }

    /// <summary>Runs a read of the report, turning a format error into the command line's "FILE:LINE: what".</summary>
    private static T Read<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ReportFormatException e)
        {
            throw new UsageException($"{path}:{e.Line}: {e.What}");
        }
    }
}
