using System.CommandLine;
using Clearinghouse.LoadGen.ConsolePages;

namespace Clearinghouse.LoadGen.Commands;

/// <summary>`console`, the web console's page times at scale (<see cref="ConsolePagesBench"/>).</summary>
internal static class ConsoleCommand
{
    public static Command Create()
    {
        var target = CommonOptions.Target();
        var tls = new TlsOptionSet();
        var connection = new Option<string>("--connection") { Description = "Npgsql connection string of the host's database (the ledger is loaded there)", Required = true };
        var regions = new Option<int>("--regions") { Description = "Regions (2..9999)", DefaultValueFactory = _ => 400 };
        var settlements = new Option<int>("--settlements") { Description = "Settlements in each of the two periods", DefaultValueFactory = _ => 1_000_000 };
        var runs = new Option<int>("--runs") { Description = "Loads of each page (1..20)", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 20_261_206 };
        var certificate = new Option<string>("--browser-cert") { Description = "An officer's client certificate (PEM) for the browser", Required = true };
        var key = new Option<string>("--browser-key") { Description = "Its private key (PEM)", Required = true };
        var chromium = new Option<string>("--chromium") { Description = "The Chromium executable", DefaultValueFactory = _ => "/usr/bin/chromium" };
        var waitForHost = CommonOptions.WaitForHost("Seconds to wait for the host", 60);
        var command = new Command("console", "Web console page times: load R regions × N settlements into a closed and the open period, open the console's pages in Chromium, print first paint and data-loaded times");
        CommonOptions.AddAll(command, [target, connection, regions, settlements, runs, seed, certificate, key, chromium, waitForHost, .. tls.All]);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new UsageErrors("loadgen console");
            var targets = CommonOptions.Targets(parse.GetValue(target)!, errors);
            var clientTls = tls.Bind(parse, targets, errors);
            if (errors.Any)
            {
                return errors.Report();
            }
            var options = new ConsolePagesOptions(
                targets!, parse.GetValue(connection)!, parse.GetValue(regions), parse.GetValue(settlements), parse.GetValue(runs), parse.GetValue(seed),
                parse.GetValue(certificate)!, parse.GetValue(key)!, parse.GetValue(chromium)!, TimeSpan.FromSeconds(parse.GetValue(waitForHost)), clientTls);
            if (options.Regions is < 2 or > 9_999 || options.Settlements < 1 || options.Runs is < 1 or > 20 || !File.Exists(options.Chromium))
            {
                Console.Error.WriteLine("loadgen console: --regions must be within 2..9999, --settlements at least 1, --runs within 1..20, and --chromium must exist");
                return ExitCodes.Usage;
            }
            return await ConsolePagesBench.RunAsync(options, cancellationToken);
        });
        return command;
    }
}
