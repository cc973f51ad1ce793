using System.CommandLine;
using Clearinghouse.Cli.Export;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands;

/// <summary>discrepancies, resolve, reconciliation-status.</summary>
public static class DiscrepancyCommands
{
    /// <summary>Discrepancies per page asked for (the server allows 1..1000).</summary>
    private const int PageSize = 1_000;

    /// <summary>An upper bound on pages per status: far above any real count, so a looping token cannot hang the tool.</summary>
    private const int MaxPages = 10_000;

    private static readonly Dictionary<string, DiscrepancyStatus> Statuses = new(StringComparer.Ordinal)
    {
        ["open"] = DiscrepancyStatus.Open,
        ["resolved"] = DiscrepancyStatus.Resolved,
        ["superseded"] = DiscrepancyStatus.Superseded,
    };

    private static readonly Dictionary<string, DiscrepancyResolution> Resolutions = new(StringComparer.Ordinal)
    {
        ["accept-clearinghouse"] = DiscrepancyResolution.AcceptClearinghouse,
        ["reversed"] = DiscrepancyResolution.Reversed,
        ["written-off"] = DiscrepancyResolution.WrittenOff,
    };

    public static Command Discrepancies(Definer define)
    {
        var region = new Argument<string>("care-region") { Description = "The care region's code" };
        var status = new Option<string?>("--status") { Description = "Only these: open, resolved or superseded; default all three, in that order" };
        status.AcceptOnlyFromAmong([.. Statuses.Keys]);
        var csv = new Option<string?>("--csv") { Description = "Write them to this CSV file (UTF-8, RFC 4180) instead of printing a table" };
        var command = new Command("discrepancies", "List a care region's reconciliation discrepancies (every page), as a table or a CSV file.")
        {
            region, status, csv,
        };
        define.Action(command, async (context, cancellationToken) =>
        {
            var regionCode = context.RegionCode(region);
            var wanted = context.Value(status) is { } one ? [Statuses[one]] : Statuses.Values.ToArray();
            var all = new List<Discrepancy>();
            foreach (var listed in wanted)
            {
                all.AddRange(await ListAsync(context, regionCode, listed, cancellationToken));
            }
            if (context.Value(csv) is { } file)
            {
                var path = Path.GetFullPath(file);
                var rows = await CsvFile.WriteAsync(path, DiscrepancyLayout.Header, all.Select(DiscrepancyLayout.Row));
                context.Printer.Print(new TableBlock("files", $"Discrepancies of region {regionCode}",
                    [new("file", "File"), new("path", "Path"), new("rows", "Rows", AlignRight: true)],
                    [["discrepancies", path, Views.Count(rows)]]));
                return ExitCodes.Ok;
            }
            var title = $"Discrepancies of region {regionCode}" + (context.Value(status) is { } shown ? $" ({shown})" : "");
            context.Printer.Print(ReconciliationViews.Discrepancies(title, all, withResolution: true));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Resolve(Definer define)
    {
        var discrepancy = new Argument<string>("discrepancy-id") { Description = "The discrepancy, as reconcile or discrepancies printed it" };
        var resolution = new Argument<string>("resolution") { Description = "accept-clearinghouse, reversed or written-off" };
        resolution.AcceptOnlyFromAmong([.. Resolutions.Keys]);
        var officer = new Option<string?>("--officer") { Description = "Who resolves it: your own officer name, as your certificate says (default: taken from the certificate)" };
        var note = new Option<string?>("--note") { Description = "Why, up to 500 characters" };
        var requestId = new Option<string?>("--request-id") { Description = "Idempotency key; default resolve-DISCREPANCY_ID, so running the same command again is a retry" };
        var command = new Command("resolve", "Resolve an open discrepancy, then print it.") { discrepancy, resolution, officer, note, requestId };
        define.Action(command, async (context, cancellationToken) =>
        {
            var id = context.Value(discrepancy);
            var resolved = await context.Connection.Reconciliation.ResolveDiscrepancyAsync(new ResolveDiscrepancyRequest
            {
                RequestId = RequestIds.OrDefault(context.Value(requestId), RequestIds.Resolve(id)),
                DiscrepancyId = id,
                Resolution = Resolutions[context.Value(resolution)],
                Officer = context.Value(officer) ?? "",
                Note = context.Value(note) ?? "",
            }, context.Connection.Call(cancellationToken));
            context.Printer.Print(ReconciliationViews.Discrepancy(resolved));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command ReconciliationStatus(Definer define)
    {
        var region = new Argument<string>("care-region") { Description = "The care region's code" };
        var period = new Argument<string>("period") { Description = "YYYY-MM" };
        var command = new Command("reconciliation-status", "Print every day of a period: reconciled or not, the latest report's counts, discrepancies still open.")
        {
            region, period,
        };
        define.Action(command, async (context, cancellationToken) =>
        {
            var status = await context.Connection.Reconciliation.GetReconciliationStatusAsync(
                new GetReconciliationStatusRequest { CareRegionCode = context.RegionCode(region), Period = context.Period(period) },
                context.Connection.Call(cancellationToken));
            context.Printer.Print(ReconciliationViews.Status(status));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<List<Discrepancy>> ListAsync(CliContext context, string regionCode, DiscrepancyStatus status, CancellationToken cancellationToken)
    {
        var all = new List<Discrepancy>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var token = "";
        for (var page = 0; page < MaxPages; page++)
        {
            var response = await context.Connection.Reconciliation.ListDiscrepanciesAsync(
                new ListDiscrepanciesRequest { RegionCode = regionCode, Status = status, PageSize = PageSize, PageToken = token },
                context.Connection.Call(cancellationToken));
            foreach (var discrepancy in response.Discrepancies)
            {
                // A discrepancy listed twice would be counted and exported twice.
                if (!seen.Add(discrepancy.DiscrepancyId))
                {
                    throw new IOException($"ListDiscrepancies repeated discrepancy {discrepancy.DiscrepancyId}: listing abandoned");
                }
                all.Add(discrepancy);
            }
            if (response.NextPageToken.Length == 0)
            {
                return all;
            }
            token = response.NextPageToken;
        }
        throw new IOException($"ListDiscrepancies did not end within {MaxPages} pages: listing abandoned");
    }
}
