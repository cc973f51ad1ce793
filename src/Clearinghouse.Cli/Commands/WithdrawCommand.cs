using System.CommandLine;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands;

public static class WithdrawCommand
{
    public static Command Create(Definer define)
    {
        var region = new Argument<string>("region") { Description = "Region code" };
        var amount = new Argument<long>("amount-fen") { Description = "Amount in fen (1 yuan = 100 fen), > 0, at most the balance" };
        // No default, as for deposits: only the caller can say which of two equal withdrawals is a retry.
        var requestId = new Option<string>("--request-id") { Description = "Idempotency key (required): the same id again is a retry", Required = true };
        var bankReference = new Option<string>("--bank-reference")
        {
            Description = "The bank's reference of the payment back to the region (required): 1..64 printable ASCII characters, no spaces",
            Required = true,
        };
        var reason = new Option<string>("--reason") { Description = "Why the prepayment is paid back (required), e.g. refund", Required = true };
        var command = new Command("withdraw", "Pay prepayment back to a region (a refund or withdrawal), then print its balance.")
        {
            region, amount, requestId, bankReference, reason,
        };
        define.Action(command, async (context, cancellationToken) =>
        {
            var fen = context.Value(amount);
            if (fen <= 0)
            {
                throw new UsageException($"amount-fen must be positive, got {fen}");
            }
            var balance = await context.Connection.Clearing.WithdrawPrepaymentAsync(new WithdrawPrepaymentRequest
            {
                RegionCode = context.Value(region),
                AmountFen = fen,
                RequestId = RequestIds.OrDefault(context.Value(requestId), ""),
                BankReference = context.Value(bankReference) ?? "",
                Reason = context.Value(reason) ?? "",
            }, context.Connection.Call(cancellationToken));
            context.Printer.Print(Views.Balance(balance));
            return ExitCodes.Ok;
        });
        return command;
    }
}
