using System.CommandLine;
using Clearinghouse.LoadGen.Close;

namespace Clearinghouse.LoadGen.Commands;

/// <summary>`close`, the period-close benchmark (<see cref="CloseBench"/>).</summary>
internal static class CloseCommand
{
    public static Command Create()
    {
        var target = CommonOptions.Target();
        var tls = new TlsOptionSet();
        var connection = new Option<string>("--connection") { Description = "Npgsql connection string of the host's database (the ledger is loaded there)", Required = true };
        var regions = new Option<int>("--regions") { Description = "Regions (2..9999)", DefaultValueFactory = _ => 400 };
        var settlements = new Option<int>("--settlements") { Description = "Settlements in the period", DefaultValueFactory = _ => 1_000_000 };
        var reversePercent = new Option<int>("--reverse-percent") { Description = "Percentage of them reversed in the same period", DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 20_261_127 };
        var json = CommonOptions.Json();
        var waitForHost = CommonOptions.WaitForHost("Seconds to wait for the host", 60);
        var hostPid = CommonOptions.HostPid("Process id of the host: report its peak memory");
        var note = CommonOptions.Note("Free text recorded with the figures");
        var command = new Command("close", "Period-close benchmark: load R regions × N settlements into the open period, close it, print the close time and rows/s");
        CommonOptions.AddAll(command, [target, connection, regions, settlements, reversePercent, seed, json, waitForHost, hostPid, note, .. tls.All]);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new UsageErrors("loadgen close");
            var targets = CommonOptions.Targets(parse.GetValue(target)!, errors);
            var clientTls = tls.Bind(parse, targets, errors);
            if (errors.Any)
            {
                return errors.Report();
            }
            var options = new CloseOptions(
                targets!, parse.GetValue(connection)!, parse.GetValue(regions), parse.GetValue(settlements),
                parse.GetValue(reversePercent), parse.GetValue(seed), parse.GetValue(json), TimeSpan.FromSeconds(parse.GetValue(waitForHost)),
                parse.GetValue(hostPid), parse.GetValue(note), clientTls);
            if (options.Regions is < 2 or > 9_999 || options.Settlements < 1 || options.ReversePercent is < 0 or > 100)
            {
                Console.Error.WriteLine("loadgen close: --regions must be within 2..9999, --settlements at least 1, --reverse-percent within 0..100");
                return ExitCodes.Usage;
            }
            return await CloseBench.RunAsync(options, cancellationToken);
        });
        return command;
    }
}
