using System.CommandLine;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands;

/// <summary>period, close, summary.</summary>
public static class PeriodCommands
{
    public static Command Period(Definer define)
    {
        var command = new Command("period", "Print the period open for intake.");
        define.Action(command, async (context, cancellationToken) =>
        {
            var period = await context.Connection.Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest(), context.Connection.Call(cancellationToken));
            context.Printer.Print(Views.Period(period));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Close(Definer define)
    {
        var period = new Argument<string>("period") { Description = "The open period, YYYY-MM (a closed one prints its summary again)" };
        var force = new Option<bool>("--force") { Description = "Close although reconciliation discrepancies are open; the statements then list them" };
        var requestId = new Option<string?>("--request-id")
        {
            Description = "Idempotency key; default close-PERIOD (close-PERIOD-force with --force), so running the same command again is a retry",
        };
        var command = new Command("close", "Close a period (cut off, net, issue statements and transfers), then print its summary.")
        {
            period, force, requestId,
        };
        define.Action(command, async (context, cancellationToken) =>
        {
            var closing = context.Period(period);
            var forced = context.Value(force);
            var request = new ClosePeriodRequest
            {
                Period = closing,
                Force = forced,
                RequestId = RequestIds.OrDefault(context.Value(requestId), RequestIds.Close(closing, forced)),
            };
            var summary = await context.Connection.Clearing.ClosePeriodAsync(request, context.Connection.Call(cancellationToken));
            context.Printer.Print(Views.Summary(summary));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Summary(Definer define)
    {
        var period = new Argument<string>("period") { Description = "YYYY-MM" };
        var command = new Command("summary", "Print a period's summary: state, and the netting figures once closed.") { period };
        define.Action(command, async (context, cancellationToken) =>
        {
            var summary = await context.Connection.Clearing.GetPeriodSummaryAsync(
                new GetPeriodSummaryRequest { Period = context.Period(period) }, context.Connection.Call(cancellationToken));
            context.Printer.Print(Views.Summary(summary));
            return ExitCodes.Ok;
        });
        return command;
    }
}
