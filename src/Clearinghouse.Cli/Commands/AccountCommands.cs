using System.CommandLine;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands;

/// <summary>account, entries: an account's balance and its movements (AccountService).</summary>
public static class AccountCommands
{
    private const int DefaultLimit = 1_000;
    private const int MaxLimit = 100_000;

    private static Argument<string> AccountId() =>
        new("account-id") { Description = "prepayment:REGION, pooled:REGION, serious:REGION, assistance:REGION, clearing:000000 or personal:PERSON_ID" };

    public static Command Account(Definer define)
    {
        var id = AccountId();
        var command = new Command("account", "Print an account's balance, how many entries it has and the instant of the last.") { id };
        define.Action(command, async (context, cancellationToken) =>
        {
            var account = await context.Connection.Accounts.GetAccountAsync(
                new GetAccountRequest { AccountId = context.Value(id) }, context.Connection.Call(cancellationToken));
            context.Printer.Print(Views.Account(account));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Entries(Definer define)
    {
        var id = AccountId();
        var from = new Option<string?>("--from") { Description = "Booked at or after this instant (RFC 3339, e.g. 2026-12-01T00:00:00+08:00)" };
        var to = new Option<string?>("--to") { Description = "Booked before this instant (RFC 3339)" };
        var limit = new Option<int>("--limit") { Description = $"At most this many entries, oldest first (1..{MaxLimit}; default {DefaultLimit})", DefaultValueFactory = _ => DefaultLimit };
        var command = new Command("entries", "Print an account's entries in booking order: cause, amount, balance after, actor, bank reference.")
        {
            id, from, to, limit,
        };
        define.Action(command, async (context, cancellationToken) =>
        {
            var most = context.Value(limit);
            if (most is < 1 or > MaxLimit)
            {
                throw new UsageException($"--limit must be within 1..{MaxLimit}, got {most}");
            }
            var request = new ListAccountEntriesRequest { AccountId = context.Value(id), From = context.Value(from) ?? "", To = context.Value(to) ?? "" };
            var entries = new List<AccountEntry>();
            do
            {
                request.PageSize = Math.Min(most - entries.Count, 1_000);
                var page = await context.Connection.Accounts.ListAccountEntriesAsync(request, context.Connection.Call(cancellationToken));
                entries.AddRange(page.Entries);
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0 && entries.Count < most);
            context.Printer.Print(Views.Entries(request.AccountId, entries));
            return ExitCodes.Ok;
        });
        return command;
    }
}
