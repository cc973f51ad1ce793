using System.CommandLine;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands;

/// <summary>settlement: one settlement's breakdown, the three tiers (三级赔付) included.</summary>
public static class SettlementCommand
{
    public static Command Create(Definer define)
    {
        var id = new Argument<string>("settlement-id") { Description = "The settlement's id, as Settle answered it" };
        var command = new Command("settlement", "Print one settlement: the bill, what each fund tier paid, the account and the cash.") { id };
        define.Action(command, async (context, cancellationToken) =>
        {
            var settlement = await context.Connection.Settlements.GetSettlementAsync(
                new GetSettlementRequest { SettlementId = context.Value(id) }, context.Connection.Call(cancellationToken));
            context.Printer.Print(Views.Settlement(settlement));
            return ExitCodes.Ok;
        });
        return command;
    }
}
