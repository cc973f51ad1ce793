using System.CommandLine;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands;

public static class ExecuteCommand
{
    public static Command Create(Definer define)
    {
        var transfer = new Argument<string>("transfer-id") { Description = "A transfer of a closed period, YYYY-MM/NNN as `transfers` prints it" };
        var bankReference = new Option<string>("--bank-reference")
        {
            Description = "The bank's reference of the transfer (required): 1..64 printable ASCII characters, no spaces",
            Required = true,
        };
        var executedAt = new Option<string>("--executed-at") { Description = "When the bank executed it (RFC 3339, required): not in the future, not before the close", Required = true };
        var requestId = new Option<string?>("--request-id") { Description = "Idempotency key; default: derived from the transfer id, so running it again is a retry" };
        var command = new Command("execute", "Mark a transfer of a closed period executed by the bank, then print it.")
        {
            transfer, bankReference, executedAt, requestId,
        };
        define.Action(command, async (context, cancellationToken) =>
        {
            var id = context.Value(transfer);
            var executed = await context.Connection.Clearing.MarkTransferExecutedAsync(new MarkTransferExecutedRequest
            {
                TransferId = id,
                BankReference = context.Value(bankReference) ?? "",
                ExecutedAt = context.Value(executedAt) ?? "",
                RequestId = RequestIds.OrDefault(context.Value(requestId), RequestIds.Execute(id)),
            }, context.Connection.Call(cancellationToken));
            context.Printer.Print(Views.Transfers(id[..Math.Max(0, id.IndexOf('/'))], [executed]));
            return ExitCodes.Ok;
        });
        return command;
    }
}
