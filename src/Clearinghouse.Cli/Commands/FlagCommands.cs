using System.CommandLine;
using Clearinghouse.Cli.Export;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands;

/// <summary>flags, flag, resolve-flag, flag-report: fund supervision's flags (docs/supervision.md).</summary>
public static class FlagCommands
{
    private const int PageSize = 1_000;

    /// <summary>An upper bound on pages: far above any real count, so a looping token cannot hang the tool.</summary>
    private const int MaxPages = 10_000;

    private static readonly Dictionary<string, FlagStatus> Statuses = new(StringComparer.Ordinal)
    {
        ["open"] = FlagStatus.Open,
        ["confirmed"] = FlagStatus.Confirmed,
        ["false-positive"] = FlagStatus.FalsePositive,
    };

    private static readonly Dictionary<string, FlagRegionRole> Roles = new(StringComparer.Ordinal)
    {
        ["either"] = FlagRegionRole.Unspecified,
        ["insured"] = FlagRegionRole.Insured,
        ["care"] = FlagRegionRole.Care,
    };

    private static readonly Dictionary<string, FlagResolution> Resolutions = new(StringComparer.Ordinal)
    {
        ["confirmed"] = FlagResolution.Confirmed,
        ["false-positive"] = FlagResolution.FalsePositive,
    };

    public static Command Flags(Definer define)
    {
        var region = new Option<string>("--region") { Description = "Only flags this region is party to (required unless you are an officer)" };
        var role = new Option<string>("--role") { Description = "With --region: either (default), insured or care", DefaultValueFactory = _ => "either" };
        role.AcceptOnlyFromAmong([.. Roles.Keys]);
        var hospital = new Option<string?>("--hospital") { Description = "Only this hospital's" };
        var rule = new Option<string?>("--rule") { Description = "Only this rule's (e.g. overlapping_stays)" };
        var status = new Option<string?>("--status") { Description = "Only these: open, confirmed or false-positive" };
        status.AcceptOnlyFromAmong([.. Statuses.Keys]);
        var period = new Option<string?>("--period") { Description = "Only flags of this clearing period, YYYY-MM" };
        var csv = new Option<string?>("--csv") { Description = "Write them to this CSV file (UTF-8, RFC 4180) instead of printing a table" };
        var command = new Command("flags", "List fund supervision flags (every page), as a table or a CSV file.")
        {
            region, role, hospital, rule, status, period, csv,
        };
        define.Action(command, async (context, cancellationToken) =>
        {
            var request = new ListFlagsRequest
            {
                RegionCode = context.Value(region) is not null ? context.RegionCode(region) : "",
                RegionRole = Roles[context.Value(role)],
                HospitalCode = context.Value(hospital) ?? "",
                RuleId = context.Value(rule) ?? "",
                Status = context.Value(status) is { } s ? Statuses[s] : FlagStatus.Unspecified,
                Period = context.Value(period) ?? "",
            };
            var all = await ListAsync(context, request, cancellationToken);
            if (context.Value(csv) is { } file)
            {
                var path = Path.GetFullPath(file);
                var rows = await CsvFile.WriteAsync(path, FlagLayout.Header, all.Select(FlagLayout.Row));
                context.Printer.Print(new TableBlock("files", "Flags",
                    [new("file", "File"), new("path", "Path"), new("rows", "Rows", AlignRight: true)],
                    [["flags", path, Views.Count(rows)]]));
                return ExitCodes.Ok;
            }
            context.Printer.Print(FlagViews.Flags("Flags", all));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Flag(Definer define)
    {
        var flag = new Argument<string>("flag-id") { Description = "The flag, as flags printed it" };
        var command = new Command("flag", "Print one flag with its evidence and the settlements it names.") { flag };
        define.Action(command, async (context, cancellationToken) =>
        {
            var detail = await context.Connection.Supervision.GetFlagAsync(
                new GetFlagRequest { FlagId = context.Value(flag) }, context.Connection.Call(cancellationToken));
            context.Printer.Print(FlagViews.Detail(detail));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command ResolveFlag(Definer define)
    {
        var flag = new Argument<string>("flag-id") { Description = "The flag, as flags printed it" };
        var resolution = new Argument<string>("resolution") { Description = "confirmed or false-positive" };
        resolution.AcceptOnlyFromAmong([.. Resolutions.Keys]);
        var note = new Option<string?>("--note") { Description = "Why, up to 500 characters" };
        var reversal = new Option<bool>("--request-reversal") { Description = "With confirmed: ask the care region to reverse the settlements" };
        var requestId = new Option<string?>("--request-id") { Description = "Idempotency key; default resolve-flag-FLAG_ID, so running the same command again is a retry" };
        var command = new Command("resolve-flag", "Confirm a flag or call it a false positive (officers), then print it.") { flag, resolution, note, reversal, requestId };
        define.Action(command, async (context, cancellationToken) =>
        {
            var id = context.Value(flag);
            var resolved = await context.Connection.Supervision.ResolveFlagAsync(new ResolveFlagRequest
            {
                RequestId = RequestIds.OrDefault(context.Value(requestId), RequestIds.ResolveFlag(id)),
                FlagId = id,
                Resolution = Resolutions[context.Value(resolution)],
                Note = context.Value(note) ?? "",
                RequestReversal = context.Value(reversal),
            }, context.Connection.Call(cancellationToken));
            context.Printer.Print(FlagViews.Fields(resolved));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command FlagReport(Definer define)
    {
        var period = new Option<string>("--period") { Description = "The clearing period, YYYY-MM", Required = true };
        var region = new Option<string>("--region") { Description = "Only flags this region is party to (required unless you are an officer)" };
        var command = new Command("flag-report", "Per hospital, a period's flags counted by rule and status.") { period, region };
        define.Action(command, async (context, cancellationToken) =>
        {
            var request = new ListFlagsRequest
            {
                Period = context.Value(period),
                RegionCode = context.Value(region) is not null ? context.RegionCode(region) : "",
            };
            var all = await ListAsync(context, request, cancellationToken);
            context.Printer.Print(FlagViews.Report($"Flags of {request.Period} by hospital", all));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<List<Clearinghouse.V1.Flag>> ListAsync(CliContext context, ListFlagsRequest request, CancellationToken cancellationToken)
    {
        var all = new List<Clearinghouse.V1.Flag>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        request.PageSize = PageSize;
        for (var page = 0; page < MaxPages; page++)
        {
            var response = await context.Connection.Supervision.ListFlagsAsync(request, context.Connection.Call(cancellationToken));
            foreach (var flag in response.Flags)
            {
                if (!seen.Add(flag.FlagId))
                {
                    throw new IOException($"ListFlags repeated flag {flag.FlagId}: listing abandoned");
                }
                all.Add(flag);
            }
            if (response.NextPageToken.Length == 0)
            {
                return all;
            }
            request.PageToken = response.NextPageToken;
        }
        throw new IOException($"ListFlags did not end within {MaxPages} pages: listing abandoned");
    }
}
