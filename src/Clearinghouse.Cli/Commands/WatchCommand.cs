using System.CommandLine;
using Clearinghouse.Cli.Output;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Cli.Commands;

public static class WatchCommand
{
    private static readonly string[] Header = ["period", "state", "next_period", "statement_ready", "net_yuan"];

    public static Command Create(Definer define)
    {
        var region = new Option<string?>("--region") { Description = "The subscribing region: notices say whether it has a statement, and its net" };
        var since = new Option<string?>("--since") { Description = "YYYY-MM: also replay the closes of every period after this one" };
        var command = new Command("watch", "Print period notices as they arrive (the open period first), until Ctrl-C.") { region, since };
        define.Action(command, async (context, cancellationToken) =>
        {
            var request = new WatchPeriodsRequest { RegionCode = context.Value(region) ?? "", SincePeriod = context.Value(since) ?? "" };
            using var call = context.Connection.Clearing.WatchPeriods(request, Connection.Stream(cancellationToken));
            context.Printer.Line(Header);
            try
            {
                await foreach (var notice in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    context.Printer.Line(
                    [
                        notice.Period, Views.State(notice.State), notice.NextPeriod,
                        request.RegionCode.Length > 0 ? Views.YesNo(notice.StatementReady) : "",
                        request.RegionCode.Length > 0 ? Money.Yuan(notice.NetFen) : "",
                    ]);
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C: the usual end of a watch.
                return ExitCodes.Ok;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
            await context.Error.WriteLineAsync("error: the host ended the watch");
            return ExitCodes.Unavailable;
        });
        return command;
    }
}
