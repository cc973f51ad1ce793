using System.CommandLine;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands;

/// <summary>statement, confirm, position.</summary>
public static class StatementCommands
{
    public static Command Position(Definer define)
    {
        var region = new Argument<string>("region") { Description = "Region code" };
        var command = new Command("position", "Print a region's position in the open period so far: what a close now would give it.") { region };
        define.Action(command, async (context, cancellationToken) =>
        {
            var position = await context.Connection.Clearing.GetPeriodPositionAsync(
                new GetPeriodPositionRequest { RegionCode = context.RegionCode(region) }, context.Connection.Call(cancellationToken));
            context.Printer.Print(Views.Position(position));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Statement(Definer define)
    {
        var period = new Argument<string>("period") { Description = "A closed period, YYYY-MM" };
        var region = new Argument<string>("region") { Description = "Region code" };
        var command = new Command("statement", "Print a region's statement of a closed period.") { period, region };
        define.Action(command, async (context, cancellationToken) =>
        {
            var statement = await context.Connection.Clearing.GetStatementAsync(
                new GetStatementRequest { Period = context.Period(period), RegionCode = context.Value(region) },
                context.Connection.Call(cancellationToken));
            context.Printer.Print(Views.Statement(statement));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Confirm(Definer define)
    {
        var period = new Argument<string>("period") { Description = "A closed period, YYYY-MM" };
        var region = new Argument<string>("region") { Description = "The confirming region's code" };
        var requestId = new Option<string?>("--request-id") { Description = "Idempotency key; default confirm-PERIOD-REGION" };
        var command = new Command("confirm", "Confirm a region's statement (again: no change), then print it.") { period, region, requestId };
        define.Action(command, async (context, cancellationToken) =>
        {
            var confirming = context.Period(period);
            var regionCode = context.Value(region);
            var statement = await context.Connection.Clearing.ConfirmStatementAsync(new ConfirmStatementRequest
            {
                Period = confirming,
                RegionCode = regionCode,
                RequestId = RequestIds.OrDefault(context.Value(requestId), RequestIds.Confirm(confirming, regionCode)),
            }, context.Connection.Call(cancellationToken));
            context.Printer.Print(Views.Statement(statement));
            return ExitCodes.Ok;
        });
        return command;
    }
}
