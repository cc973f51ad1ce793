using System.Diagnostics;
using System.Globalization;
using Clearinghouse.V1;

namespace Clearinghouse.LoadGen.Reconcile;

/// <summary>
/// The reconciliation benchmark (`bash ops/bench.sh reconcile`, docs/performance.md "Reconciliation"):
/// seeds a care region's business day of N ledger entries straight into the ledger tables, then submits
/// the region's daily report of N entries over the real gRPC API and reports entries/s and the host's
/// peak memory during each report.
/// </summary>
internal static class ReconcileBench
{
    private static readonly DateOnly BusinessDate = new(2026, 1, 15);

    /// <summary>0 when every report came back with exactly the expected discrepancies; 1 otherwise or without a host.</summary>
    public static async Task<int> RunAsync(ReconcileOptions options, CancellationToken cancellationToken)
    {
        // A fresh care region per run, so runs share a database without meeting each other's ledger rows.
        var careRegion = Random.Shared.Next(900_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var insuredRegion = (int.Parse(careRegion, CultureInfo.InvariantCulture) - 100_000).ToString(CultureInfo.InvariantCulture);
        var prefix = "b" + careRegion;
        var day = new BenchDay(prefix, options.Entries, options.OmitPercent);

        using var rpc = new Rpc(options.Targets, 1, TimeSpan.FromMinutes(10), options.Tls?.Single, options.Tls?.Folder);
        if (!await rpc.WaitForHostAsync(options.WaitForHost, cancellationToken))
        {
            Console.Error.WriteLine($"loadgen reconcile: no host answered at {string.Join(",", options.Targets)}");
            return 1;
        }
        await rpc.Registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = prefix + "-region", RegionCode = careRegion, Name = "Bench care region" }, cancellationToken: cancellationToken);

        var seeding = Stopwatch.StartNew();
        await LedgerSeed.SeedAsync(options.Connection, day, careRegion, insuredRegion, BusinessDate);
        Console.WriteLine($"{(options.EntriesPerMessage == 1 ? "one entry per message" : $"{options.EntriesPerMessage:N0} entries per message")}");
        Console.WriteLine($"seeded {options.Entries:N0} ledger entries for care region {careRegion}, {BusinessDate:yyyy-MM-dd}, in {seeding.Elapsed.TotalSeconds:0.0} s");

        var submission = new ReportSubmission(rpc.Reconciliation, day, prefix, careRegion, options.EntriesPerMessage);
        var failed = false;
        for (var run = 1; run <= options.Repeat; run++)
        {
            failed |= !await MeasureReportAsync(submission, run, options, cancellationToken);
        }
        Console.WriteLine($"client peak RSS {HostProbe.Memory(Environment.ProcessId)?.PeakKiB / 1024.0:N0} MiB");
        return failed ? 1 : 0;
    }

    /// <summary>Submits report <paramref name="run"/>, prints its line, and says whether its result was the expected one.</summary>
    private static async Task<bool> MeasureReportAsync(ReportSubmission submission, int run, ReconcileOptions options, CancellationToken cancellationToken)
    {
        GC.Collect();
        var pid = options.HostPid;
        var before = pid is { } p1 ? HostProbe.Memory(p1) : null;
        var reset = pid is { } p2 && HostProbe.ResetPeak(p2);
        var hostCpuBefore = pid is { } p4 ? HostProbe.CpuSeconds(p4) : null;
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var sent = await submission.SubmitAsync(run, cancellationToken);
        var after = pid is { } p3 ? HostProbe.Memory(p3) : null;
        var hostCpu = pid is { } p5 && hostCpuBefore is { } h0 && HostProbe.CpuSeconds(p5) is { } h1 ? $"{h1 - h0:0.00}" : "?";
        var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore).TotalSeconds;

        var (result, lines, expected) = (sent.Result, sent.Lines, submission.ExpectedDiscrepancies);
        var ok = result.Discrepancies.Count == expected && result.ClearinghouseEntryCount == options.Entries && result.RegionEntryCount == lines;
        var rate = lines / sent.Elapsed.TotalSeconds;
        var memory = after is { } m
            ? $"; host peak RSS {m.PeakKiB / 1024.0:N0} MiB{(reset ? "" : " (since start: could not reset the peak)")}, RSS before {before?.RssKiB / 1024.0:N0} MiB, after {m.RssKiB / 1024.0:N0} MiB"
            : "";
        Console.WriteLine($"report {run}: {lines:N0} entries in {sent.Elapsed.TotalSeconds:0.00} s = {rate:N0} entries/s " +
            $"(streamed in {sent.Streamed.TotalSeconds:0.00} s, answered {(sent.Elapsed - sent.Streamed).TotalSeconds:0.00} s after the last entry); " +
            $"matched {result.MatchedCount:N0}, discrepancies {result.Discrepancies.Count} (expected {expected}){memory}; " +
            $"CPU s: host {hostCpu}, client {clientCpu:0.00}; {(ok ? "OK" : "MISMATCH")}");
        return ok;
    }
}
