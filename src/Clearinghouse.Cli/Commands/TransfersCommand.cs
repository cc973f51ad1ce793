using System.CommandLine;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands;

public static class TransfersCommand
{
    public static Command Create(Definer define)
    {
        var period = new Argument<string>("period") { Description = "A closed period, YYYY-MM" };
        var command = new Command("transfers", "Print the transfers that settle a closed period, each to or from the clearing account 000000.") { period };
        define.Action(command, async (context, cancellationToken) =>
        {
            var listed = context.Period(period);
            var response = await context.Connection.Clearing.ListTransfersAsync(
                new ListTransfersRequest { Period = listed }, context.Connection.Call(cancellationToken));
            context.Printer.Print(Views.Transfers(listed, response.Transfers));
            return ExitCodes.Ok;
        });
        return command;
    }
}
