using System.CommandLine;
using Clearinghouse.LoadGen.Settle;

namespace Clearinghouse.LoadGen.Commands;

/// <summary>
/// `settle`, the settlement benchmark: set-up over gRPC, the load phase, the raw-PostgreSQL baseline and the
/// ledger verification. The root command runs it too, so `loadgen [options]` means `loadgen settle [options]`
/// as it always has (ops/bench.sh, the docs).
/// </summary>
internal static class SettleCommand
{
    private const string Description =
        "Clearinghouse load generator: sets up regions, hospitals and people over the gRPC API, sends settlements and reversals, " +
        "reports throughput and latency, compares with a raw-PostgreSQL baseline, and verifies the ledger against what it was told.";

    public static Command Create() => Configure(new Command("settle",
        "The settlement benchmark, also run without a command: set-up over gRPC, the load phase, the raw-PostgreSQL baseline, the ledger verification."));

    /// <summary>The root command: settle's options and action, the other benchmarks as subcommands.</summary>
    public static RootCommand CreateRoot() => Configure(new RootCommand(Description + " Without a command it runs `settle`."));

    private static T Configure<T>(T command)
        where T : Command
    {
        var options = new SettleOptionSet();
        CommonOptions.AddAll(command, options.All);
        command.SetAction(async (parse, _) =>
        {
            var errors = new UsageErrors("loadgen");
            return options.Bind(parse, errors) is { } bound ? await new SettleRun(bound).RunAsync() : errors.Report();
        });
        return command;
    }
}
