using System.CommandLine;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands;

public static class DepositCommand
{
    public static Command Create(Definer define)
    {
        var region = new Argument<string>("region") { Description = "Region code" };
        var amount = new Argument<long>("amount-fen") { Description = "Amount in fen (1 yuan = 100 fen), > 0" };
        // No default: two deposits of the same amount are two deposits, so only the caller can say which is a retry.
        var requestId = new Option<string>("--request-id") { Description = "Idempotency key (required): the same id again is a retry", Required = true };
        // Required: the deposit is the record of a real payment, which the bank's reference identifies.
        var bankReference = new Option<string>("--bank-reference")
        {
            Description = "The bank's reference of the payment (required): 1..64 printable ASCII characters, no spaces",
            Required = true,
        };
        var command = new Command("deposit", "Deposit a prepayment (预付金) for a region, then print its balance.") { region, amount, requestId, bankReference };
        define.Action(command, async (context, cancellationToken) =>
        {
            var fen = context.Value(amount);
            if (fen <= 0)
            {
                throw new UsageException($"amount-fen must be positive, got {fen}");
            }
            // Only the blank reference is caught here; the server owns the full rule and names what is wrong.
            var reference = context.Value(bankReference);
            if (string.IsNullOrWhiteSpace(reference))
            {
                throw new UsageException("--bank-reference must not be empty");
            }
            var balance = await context.Connection.Clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest
            {
                RegionCode = context.Value(region),
                AmountFen = fen,
                RequestId = RequestIds.OrDefault(context.Value(requestId), ""),
                BankReference = reference,
            }, context.Connection.Call(cancellationToken));
            context.Printer.Print(Views.Balance(balance));
            return ExitCodes.Ok;
        });
        return command;
    }
}
