using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands.Demo;

/// <summary>
/// demo: plays a small month against the host over the gRPC API — four regions with policies, hospitals and
/// prepayments, forty people with a contribution, 300 out-of-region settlements over SettleStream, one
/// reversal, one care region's daily report with one planted discrepancy — closes the period with force
/// (the discrepancy is left open on purpose, so the close and the statement show it) and prints the
/// summary, the care region's statement and the transfers. A run key names the month: a second run with
/// the same key resumes an interrupted one, or prints the month again once it is closed (docs/cli.md).
/// </summary>
public static partial class DemoCommand
{
    public const string DefaultRunKey = "demo";

    public static Command Create(Definer define)
    {
        var runKey = new Option<string>("--run-key")
        {
            Description = "Names the demo's month: regions, people and request ids derive from it, so the same key again resumes or reprints that month (1-16 of a-z, 0-9, '-')",
            DefaultValueFactory = _ => DefaultRunKey,
        };
        var command = new Command("demo",
            "Play a small month against the host (regions, people, 300 settlements, a reversal, a daily report with one planted discrepancy), close it with force and print the summary, a statement and the transfers. Closes the host's open period: for a demo or test host.")
        {
            runKey,
        };
        define.Action(command, async (context, cancellationToken) =>
        {
            var key = context.Value(runKey);
            if (!RunKeyFormat().IsMatch(key))
            {
                throw new UsageException($"--run-key must be 1-16 characters a-z, 0-9 or '-', got '{key}'");
            }
            await RunAsync(context, DemoWorld.For(key), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task RunAsync(CliContext context, DemoWorld world, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var connection = context.Connection;
        var month = await DemoMonths.FindAsync(connection, world, cancellationToken);
        var careRegion = world.RegionCodes[0];
        var summary = await connection.Clearing.GetPeriodSummaryAsync(new GetPeriodSummaryRequest { Period = month.Period }, connection.Call(cancellationToken));
        ReconciliationResult? reconciliation = null;
        string? reportRequestId = null;
        var played = summary.State != PeriodState.Closed;
        if (played)
        {
            (reconciliation, reportRequestId) = await PlayAsync(connection, world, month, careRegion, cancellationToken);
            summary = await connection.Clearing.ClosePeriodAsync(
                new ClosePeriodRequest { RequestId = world.Id($"close-{month.Period}"), Period = month.Period, Force = true },
                connection.Call(cancellationToken));
        }
        var statement = await connection.Clearing.GetStatementAsync(
            new GetStatementRequest { Period = month.Period, RegionCode = careRegion }, connection.Call(cancellationToken));
        var transfers = await connection.Clearing.ListTransfersAsync(new ListTransfersRequest { Period = month.Period }, connection.Call(cancellationToken));

        var title = played
            ? $"Demo month {month.Period} (run key {world.RunKey})"
            : $"Demo month {month.Period} (run key {world.RunKey}): already played, printed again; nothing was sent";
        context.Printer.Print(new FieldsBlock("demo", title,
        [
            new("run_key", "Run key", world.RunKey),
            new("period", "Period", month.Period),
            new("status", "Status", played ? "played" : "already_played"),
            new("regions", "Regions", string.Join(' ', world.RegionCodes)),
            new("people", "People", Views.Count(world.PersonCount)),
            new("visit_date", "Visits dated", month.VisitDay),
            new("report_region", "Reported care region", careRegion),
            new("seconds", "Seconds", Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)),
        ]));
        if (reconciliation is not null)
        {
            context.Printer.Print(ReconciliationViews.Result(reconciliation, reportRequestId!));
        }
        // The open discrepancies are listed once, with the statement of the care region they belong to.
        context.Printer.Print(Views.Summary(summary).Where(block => block.Name != "open_discrepancies"));
        context.Printer.Print(Views.Statement(statement));
        context.Printer.Print(Views.Transfers(month.Period, transfers.Transfers));
    }

    /// <summary>Everything up to the close; each call a retry if an earlier run of this key already made it.</summary>
    private static async Task<(ReconciliationResult Result, string RequestId)> PlayAsync(
        Connection connection, DemoWorld world, DemoMonth month, string careRegion, CancellationToken cancellationToken)
    {
        await DemoRegistry.SetUpAsync(connection, world, month, cancellationToken);
        var settlements = await DemoIntake.SettleAsync(connection, world.Visits(month), cancellationToken);
        if (settlements.FirstOrDefault(s => s.Period != month.Period) is { } late)
        {
            throw new IOException($"settlement {late.RequestId} went into period {late.Period}, not {month.Period}: the period was closed while the demo ran; run demo again with another --run-key");
        }
        var reversed = settlements.First(s => s.CareRegionCode == careRegion);
        var reversal = await DemoIntake.ReverseAsync(connection, world, month, reversed, cancellationToken);
        var (header, entries) = DemoReport.Build(
            world, month, careRegion, DemoMonth.BusinessDay(reversed.AcceptedAt), settlements, reversal, DemoIntake.ReversalRequestId(world, month));
        var result = await DemoReport.SubmitAsync(connection, header, entries, cancellationToken);
        return (result, header.RequestId);
    }

    [GeneratedRegex("^[a-z0-9-]{1,16}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex RunKeyFormat();
}
