using System.CommandLine;
using Clearinghouse.Cli.Output;
using Clearinghouse.Cli.Reports;
using Clearinghouse.V1;

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
            var fingerprint = FileUpload.Fingerprint(path, "csv-file", DailyReportReader.Open, scan => scan.ReadToEnd());
            header.RequestId = RequestIds.OrDefault(context.Value(requestId), RequestIds.Report(header.CareRegionCode, header.BusinessDate, fingerprint));
            var result = await SubmitAsync(context.Connection, header, path, fingerprint, cancellationToken);
            context.Printer.Print(ReconciliationViews.Result(result, header.RequestId));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<ReconciliationResult> SubmitAsync(
        Connection connection, DailyReportHeader header, string path, string fingerprint, CancellationToken cancellationToken)
    {
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = connection.Reconciliation.SubmitDailyReport(connection.Call(abandon.Token));
        return await FileUpload.SendAsync(
            call, abandon, new SubmitDailyReportRequest { Header = header }, path, () => DailyReportReader.Open(path),
            entries => new SubmitDailyReportRequest { Entries = new ReportEntryBatch { Entries = { entries } } }, BatchSize, fingerprint, "reconcile");
    }
}
