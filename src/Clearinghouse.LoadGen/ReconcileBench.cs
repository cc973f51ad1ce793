using System.CommandLine;
using System.Diagnostics;
using Clearinghouse.LoadGen.Reconcile;
using Clearinghouse.V1;

namespace Clearinghouse.LoadGen;

/// <summary>
/// The reconciliation benchmark (`bash ops/bench.sh reconcile`, docs/performance.md, "Method"):
/// seeds a care region's business day of N ledger entries straight into the ledger tables, then submits
/// the region's daily report of N entries over the real gRPC API and reports entries/s and the host's
/// peak memory during each report.
/// </summary>
internal static class ReconcileBench
{
    public static Command Create()
    {
        var target = new Option<string>("--target") { Description = "Address of the clearinghouse gRPC endpoint (h2c)", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var connection = new Option<string>("--connection") { Description = "Npgsql connection string of the clearinghouse's PostgreSQL (the ledger is seeded there)", Required = true };
        var entries = new Option<int>("--entries") { Description = "Ledger entries of the day, and lines of the report (1..1,000,000)", DefaultValueFactory = _ => 200_000 };
        var repeat = new Option<int>("--repeat") { Description = "Reports to submit for the day (each replaces the last; the first includes the host's warm-up)", DefaultValueFactory = _ => 3 };
        var batch = new Option<int>("--batch") { Description = "Entries per stream message: 1 sends each entry as its own message (ReportEntry), more sends ReportEntryBatch messages (1..10000)", DefaultValueFactory = _ => 1_000 };
        var omit = new Option<int>("--omit-percent") { Description = "Percentage of the ledger's entries the report leaves out (each a discrepancy): 0 for a normal day, 100 for an empty report", DefaultValueFactory = _ => 0 };
        var hostPid = new Option<int?>("--host-pid") { Description = "Process id of the host: its peak memory (VmHWM) during each report is reported" };
        var waitForHost = new Option<int>("--wait-for-host") { Description = "Seconds to wait for the host to answer", DefaultValueFactory = _ => 120 };

        var command = new Command("reconcile", "Reconciliation benchmark: seeds one care region's business day of N ledger entries, submits the region's " +
            "N-entry daily report (with a known set of faults) over gRPC, checks the result and prints entries/s and the host's peak memory.");
        foreach (var option in new Option[] { target, connection, entries, repeat, batch, omit, hostPid, waitForHost })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var n = parse.GetValue(entries);
            var runs = parse.GetValue(repeat);
            var perMessage = parse.GetValue(batch);
            var omitPercent = parse.GetValue(omit);
            if (n is < 1 or > 1_000_000 || runs is < 1 or > 20 || perMessage is < 1 or > 10_000 || omitPercent is < 0 or > 100)
            {
                Console.Error.WriteLine("loadgen reconcile: --entries must be within 1..1000000, --repeat within 1..20 and --batch within 1..10000, --omit-percent within 0..100");
                return 2;
            }
            var pid = parse.GetValue(hostPid);
            // A fresh care region per run, so runs share a database without meeting each other's ledger rows.
            var careRegion = Random.Shared.Next(900_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var insuredRegion = (int.Parse(careRegion, System.Globalization.CultureInfo.InvariantCulture) - 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var prefix = "b" + careRegion;
            var businessDate = new DateOnly(2026, 1, 15);
            var day = new BenchDay(prefix, n, omitPercent);

            using var rpc = new Rpc(new Uri(parse.GetValue(target)!), 1, TimeSpan.FromMinutes(10));
            if (!await rpc.WaitForHostAsync(TimeSpan.FromSeconds(parse.GetValue(waitForHost)), cancellationToken))
            {
                Console.Error.WriteLine($"loadgen reconcile: no host answered at {parse.GetValue(target)}");
                return 1;
            }
            var registry = rpc.Registry;
            var reconciliation = rpc.Reconciliation;
            await registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = prefix + "-region", RegionCode = careRegion, Name = "Bench care region" }, cancellationToken: cancellationToken);

            var seeding = Stopwatch.StartNew();
            await LedgerSeed.SeedAsync(parse.GetValue(connection)!, day, careRegion, insuredRegion, businessDate);
            Console.WriteLine($"{(perMessage == 1 ? "one entry per message" : $"{perMessage:N0} entries per message")}");
            Console.WriteLine($"seeded {n:N0} ledger entries for care region {careRegion}, {businessDate:yyyy-MM-dd}, in {seeding.Elapsed.TotalSeconds:0.0} s");

            var expected = day.ExpectedDiscrepancies;
            var failed = false;
            for (var run = 1; run <= runs; run++)
            {
                GC.Collect();
                var before = pid is { } p1 ? HostProbe.Memory(p1) : null;
                var reset = pid is { } p2 && HostProbe.ResetPeak(p2);
                var hostCpuBefore = pid is { } p4 ? HostProbe.CpuSeconds(p4) : null;
                var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                using var call = reconciliation.SubmitDailyReport(deadline: DateTime.UtcNow.AddMinutes(10), cancellationToken: cancellationToken);
                await call.RequestStream.WriteAsync(new SubmitDailyReportRequest
                {
                    Header = new DailyReportHeader { RequestId = $"{prefix}-report-{run}", CareRegionCode = careRegion, BusinessDate = "2026-01-15" },
                }, cancellationToken);
                long lines = 0;
                var pending = new ReportEntryBatch();
                foreach (var entry in day.ReportLines())
                {
                    lines++;
                    if (perMessage == 1)
                    {
                        await call.RequestStream.WriteAsync(new SubmitDailyReportRequest { Entry = entry }, cancellationToken);
                        continue;
                    }
                    pending.Entries.Add(entry);
                    if (pending.Entries.Count == perMessage)
                    {
                        await call.RequestStream.WriteAsync(new SubmitDailyReportRequest { Entries = pending }, cancellationToken);
                        pending = new ReportEntryBatch();
                    }
                }
                if (pending.Entries.Count > 0)
                {
                    await call.RequestStream.WriteAsync(new SubmitDailyReportRequest { Entries = pending }, cancellationToken);
                }
                await call.RequestStream.CompleteAsync();
                var streamed = clock.Elapsed;
                var result = await call.ResponseAsync;
                clock.Stop();
                var after = pid is { } p3 ? HostProbe.Memory(p3) : null;
                var hostCpu = pid is { } p5 && hostCpuBefore is { } h0 && HostProbe.CpuSeconds(p5) is { } h1 ? $"{h1 - h0:0.00}" : "?";
                var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore).TotalSeconds;

                var ok = result.Discrepancies.Count == expected && result.ClearinghouseEntryCount == n && result.RegionEntryCount == lines;
                failed |= !ok;
                var rate = lines / clock.Elapsed.TotalSeconds;
                var memory = after is { } m
                    ? $"; host peak RSS {m.PeakKiB / 1024.0:N0} MiB{(reset ? "" : " (since start: could not reset the peak)")}, RSS before {before?.RssKiB / 1024.0:N0} MiB, after {m.RssKiB / 1024.0:N0} MiB"
                    : "";
                Console.WriteLine($"report {run}: {lines:N0} entries in {clock.Elapsed.TotalSeconds:0.00} s = {rate:N0} entries/s " +
                    $"(streamed in {streamed.TotalSeconds:0.00} s, answered {(clock.Elapsed - streamed).TotalSeconds:0.00} s after the last entry); " +
                    $"matched {result.MatchedCount:N0}, discrepancies {result.Discrepancies.Count} (expected {expected}){memory}; " +
                    $"CPU s: host {hostCpu}, client {clientCpu:0.00}; {(ok ? "OK" : "MISMATCH")}");
            }
            Console.WriteLine($"client peak RSS {HostProbe.Memory(Environment.ProcessId)?.PeakKiB / 1024.0:N0} MiB");
            return failed ? 1 : 0;
        });
        return command;
    }
}
