using System.CommandLine;
using Clearinghouse.LoadGen.Reconcile;

namespace Clearinghouse.LoadGen.Commands;

/// <summary>`reconcile`, the reconciliation benchmark (<see cref="ReconcileBench"/>).</summary>
internal static class ReconcileCommand
{
    public static Command Create()
    {
        var target = CommonOptions.Target();
        var tls = new TlsOptionSet();
        var connection = new Option<string>("--connection") { Description = "Npgsql connection string of the clearinghouse's PostgreSQL (the ledger is seeded there)", Required = true };
        var entries = new Option<int>("--entries") { Description = "Ledger entries of the day, and lines of the report (1..1,000,000)", DefaultValueFactory = _ => 200_000 };
        var repeat = new Option<int>("--repeat") { Description = "Reports to submit for the day (each replaces the last; the first includes the host's warm-up)", DefaultValueFactory = _ => 3 };
        var batch = new Option<int>("--batch") { Description = "Entries per stream message: 1 sends each entry as its own message (ReportEntry), more sends ReportEntryBatch messages (1..10000)", DefaultValueFactory = _ => 1_000 };
        var omit = new Option<int>("--omit-percent") { Description = "Percentage of the ledger's entries the report leaves out (each a discrepancy): 0 for a normal day, 100 for an empty report", DefaultValueFactory = _ => 0 };
        var hostPid = CommonOptions.HostPid("Process id of the host: its peak memory (VmHWM) during each report is reported");
        var waitForHost = CommonOptions.WaitForHost("Seconds to wait for the host to answer", 120);

        var command = new Command("reconcile", "Reconciliation benchmark: seeds one care region's business day of N ledger entries, submits the region's " +
            "N-entry daily report (with a known set of faults) over gRPC, checks the result and prints entries/s and the host's peak memory.");
        CommonOptions.AddAll(command, [target, connection, entries, repeat, batch, omit, hostPid, waitForHost, .. tls.All]);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var errors = new UsageErrors("loadgen reconcile");
            var targets = CommonOptions.Targets(parse.GetValue(target)!, errors);
            var clientTls = tls.Bind(parse, targets, errors);
            if (errors.Any)
            {
                return errors.Report();
            }
            var options = new ReconcileOptions(
                targets!, parse.GetValue(connection)!, parse.GetValue(entries), parse.GetValue(repeat), parse.GetValue(batch),
                parse.GetValue(omit), parse.GetValue(hostPid), TimeSpan.FromSeconds(parse.GetValue(waitForHost)), clientTls);
            if (options.Entries is < 1 or > 1_000_000 || options.Repeat is < 1 or > 20 || options.EntriesPerMessage is < 1 or > 10_000 || options.OmitPercent is < 0 or > 100)
            {
                Console.Error.WriteLine("loadgen reconcile: --entries must be within 1..1000000, --repeat within 1..20 and --batch within 1..10000, --omit-percent within 0..100");
                return ExitCodes.Usage;
            }
            return await ReconcileBench.RunAsync(options, cancellationToken);
        });
        return command;
    }
}
