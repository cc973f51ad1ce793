using System.CommandLine;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands;

/// <summary>audit: who did what and when (AuditService.ListActions), newest first.</summary>
public static class AuditCommand
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 100_000;

    public static Command Create(Definer define)
    {
        var actor = new Option<string?>("--actor") { Description = "Only this caller's actions: region:CODE, platform:CODE, officer:NAME, operator:NAME or system" };
        var region = new Option<string?>("--region") { Description = "Only actions concerning this region (6 digits)" };
        var kind = new Option<string?>("--kind") { Description = "Only this kind of event, e.g. settlement_accepted, period_closed" };
        var from = new Option<string?>("--from") { Description = "Accepted at or after this instant (RFC 3339, e.g. 2026-12-01T00:00:00+08:00)" };
        var to = new Option<string?>("--to") { Description = "Accepted before this instant (RFC 3339)" };
        var limit = new Option<int>("--limit") { Description = $"At most this many actions, newest first (1..{MaxLimit}; default {DefaultLimit})", DefaultValueFactory = _ => DefaultLimit };
        var command = new Command("audit", "Print who did what and when: the recorded actions that match every filter given, newest first.")
        {
            actor, region, kind, from, to, limit,
        };
        define.Action(command, async (context, cancellationToken) =>
        {
            var most = context.Value(limit);
            if (most is < 1 or > MaxLimit)
            {
                throw new UsageException($"--limit must be within 1..{MaxLimit}, got {most}");
            }
            var request = new ListActionsRequest
            {
                Actor = context.Value(actor) ?? "",
                RegionCode = context.Value(region) ?? "",
                EventKind = context.Value(kind) ?? "",
                From = context.Value(from) ?? "",
                To = context.Value(to) ?? "",
            };
            var actions = new List<ActionRecord>();
            do
            {
                request.PageSize = Math.Min(most - actions.Count, 1_000);
                var page = await context.Connection.Audit.ListActionsAsync(request, context.Connection.Call(cancellationToken));
                actions.AddRange(page.Actions);
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0 && actions.Count < most);
            context.Printer.Print(Views.Actions(actions));
            return ExitCodes.Ok;
        });
        return command;
    }
}
