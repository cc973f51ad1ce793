using System.Globalization;
using System.Text;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>
/// The report as text on stdout. Its first line is the headline figure (accepted settlements/s) when there was a
/// load phase, so it is the first thing a reader sees; every other line follows, one section at a time.
/// </summary>
public static class ReportText
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Render(Report r)
    {
        var t = new StringBuilder();
        t.AppendLine();
        if (r.Load is { } headline)
        {
            t.AppendLine($"accepted settlements/s: {headline.AcceptedPerSecond:N0}");
        }
        Heading(t, r);
        if (r.Setup is { } s)
        {
            t.AppendLine($"setup             {s.Seconds:0.0} s: {s.Regions} regions, {s.Hospitals} hospitals, {s.People:N0} people, {s.Calls:N0} calls ({(s.Seconds > 0 ? s.Calls / s.Seconds : 0):N0} calls/s)");
        }
        if (r.Load is { } l)
        {
            Load(t, l);
            if (r.PeopleInTurn > 0 && l.AcceptedPerSecond > 0)
            {
                // The host lets a person idle 30 s leave memory (checked every 15 s): a longer revisit is a cold one.
                t.AppendLine($"people            {r.PeopleInTurn:N0} visited in turn: each visited again after {r.PeopleInTurn / l.AcceptedPerSecond:0} s at this rate " +
                    "(a person idle 45 s has left the host's memory, so then every visit activates its person)");
            }
            Cpu(t, l, r.Machine.Cores);
        }
        if (r.Host is { } h)
        {
            Host(t, h);
        }
        if (r.Database is { } db && r.Load is { } ld && ld.Accepted > 0)
        {
            var events = Math.Max(1, ld.EventRows);
            t.AppendLine($"postgres (load)   {db.Commits:N0} commits, {db.Rollbacks:N0} rollbacks; per settlement event: {(double)db.Commits / events:0.00} commits, " +
                 $"{(double)db.Inserted / events:0.0} rows inserted, {(double)db.Updated / events:0.0} updated, {db.WalBytes / (double)events:N0} WAL bytes");
        }
        if (r.Baseline is { } b)
        {
            Baseline(t, b);
        }
        if (r.Verification is { } v)
        {
            Verification(t, v);
        }
        if (r.FlagLag is { } f)
        {
            t.AppendLine($"flag lag: {f.Flags:N0} flags, p50 {f.P50Ms:N0} ms, p99 {f.P99Ms:N0} ms, max {f.MaxMs:N0} ms");
        }
        return t.ToString();
    }

    private static void Heading(StringBuilder t, Report r)
    {
        t.AppendLine($"== Clearinghouse {r.Kind} {r.RunId} ({r.StartedAt:yyyy-MM-dd HH:mm:ss}Z){(r.Interrupted ? "  [interrupted]" : "")}");
        if (r.Note is { Length: > 0 })
        {
            t.AppendLine($"note              {r.Note}");
        }
        if (r.Tiers)
        {
            t.AppendLine("tiers             every policy has the serious-illness and assistance tiers (--tiers)");
        }
        if (r.CatalogueItems > 0)
        {
            t.AppendLine($"catalogue         every care region has a catalogue of {r.CatalogueItems:N0} items in force (--catalogue-items)");
        }
        if (r.Experiment is { Length: > 0 })
        {
            t.AppendLine($"experiment        ran {r.Experiment} in the database after set-up: these figures are not the clearinghouse's as built");
        }
        var m = r.Machine;
        t.AppendLine($"machine           {m.Cores} cores, {m.MemoryGib:0.#} GiB, {m.Os}; load average at start {m.LoadAverageAtStart}");
    }

    private static void Load(StringBuilder t, LoadResult l)
    {
        t.AppendLine($"load phase        {l.Seconds:0.0} s, {l.Mode}");
        t.AppendLine($"settlements       {l.Accepted:N0} accepted of {l.Sent:N0} sent  =>  {l.AcceptedPerSecond:N0} accepted settlements/s");
        t.AppendLine($"reversals         {l.Reversals:N0}  =>  {l.ReversalsPerSecond:N0}/s   (event rows written: {l.EventRows:N0}, {l.EventRowsPerSecond:N0}/s)");
        t.AppendLine($"settle latency    p50 {l.SettleLatency.P50Ms:0.0} ms  p95 {l.SettleLatency.P95Ms:0.0} ms  p99 {l.SettleLatency.P99Ms:0.0} ms  p99.9 {l.SettleLatency.P999Ms:0.0} ms  max {l.SettleLatency.MaxMs:0.0} ms  (mean {l.SettleLatency.MeanMs:0.0} ms{(l.OfferedRate > 0 ? ", from the scheduled send time" : "")})");
        if (l.ReverseLatency.Count > 0)
        {
            t.AppendLine($"reverse latency   p50 {l.ReverseLatency.P50Ms:0.0} ms  p99 {l.ReverseLatency.P99Ms:0.0} ms  max {l.ReverseLatency.MaxMs:0.0} ms");
        }
        if (l.OfferedRate > 0)
        {
            t.AppendLine($"offered           {l.OfferedRate:N0}/s; achieved send rate {(l.Seconds > 0 ? l.Sent / l.Seconds : 0):N0}/s; largest send lag behind the timetable {l.MaxSendLagMs:0.0} ms");
        }
        t.AppendLine($"errors            settle: {Codes(l.SettleErrors)}; reverse: {Codes(l.ReverseErrors)}; retried: {Codes(l.Retries)}");
        foreach (var (key, detail) in l.ErrorSamples)
        {
            t.AppendLine($"  e.g. {key}: {detail}");
        }
    }

    private static void Cpu(StringBuilder t, LoadResult l, int cores)
    {
        var secs = Math.Max(l.Seconds, 1e-9);
        var cpu = $"host {(l.HostCpuSeconds is { } hc ? (hc / secs).ToString("0.00", C) : "?")}, postgres {(l.PostgresCpuSeconds is { } pc ? (pc / secs).ToString("0.00", C) : "?")}, load generator {l.LoadGenCpuSeconds / secs:0.00}";
        if (l.MachineCpuSeconds is { } machineCpu)
        {
            var other = machineCpu - (l.HostCpuSeconds ?? 0) - (l.PostgresCpuSeconds ?? 0) - l.LoadGenCpuSeconds;
            cpu += $", other {Math.Max(0, other) / secs:0.00} (whole machine {machineCpu / secs:0.00} of {cores} cores busy)";
        }
        t.AppendLine($"cpu (load phase)  cores used: {cpu}");
        var g = l.LoadGenGc;
        t.AppendLine($"loadgen GC        {g.Gen0:N0} gen-0, {g.Gen1:N0} gen-1, {g.Gen2:N0} gen-2 collections; paused {g.PausedMs:N0} ms in all, longest seen {g.LongestPauseMs:0.0} ms (a pause delays sends and answers alike)");
    }

    private static void Host(StringBuilder t, HostFigures h)
    {
        if (h.PeakRssMib is { } peak)
        {
            t.AppendLine($"host memory       after the load: peak RSS (VmHWM) {peak:N0} MiB, RSS {h.RssMib:N0} MiB; at the end: peak {h.PeakRssMibAtEnd:N0} MiB, RSS {h.RssMibAtEnd:N0} MiB  (pid {h.Pid})");
        }
        else if (h.PeakRssMibAtEnd is { } peakEnd)
        {
            t.AppendLine($"host memory       peak RSS (VmHWM) {peakEnd:N0} MiB, RSS {h.RssMibAtEnd:N0} MiB  (pid {h.Pid})");
        }
        else
        {
            t.AppendLine($"host memory       pid {h.Pid} not readable");
        }
    }

    private static void Baseline(StringBuilder t, BaselineFigures b)
    {
        t.AppendLine($"baseline          {b.Rows:N0} rows of {b.AverageEventBytes:N0} bytes{(b.SyntheticPayload ? " (synthetic payload)" : "")} in {b.Seconds:0.0} s  =>  {b.RowsPerSecond:N0} rows/s  ({b.Writers} writers, {b.BatchRows} rows per transaction ({b.Mode}), fsync={b.Fsync}, synchronous_commit={b.SynchronousCommit}; measured after {b.WarmupSeconds:0.#} s of warm-up and {b.AutovacuumWaitSeconds:0.0} s waiting for autovacuum; postgres {(b.PostgresCpuSeconds is { } pc ? (pc / Math.Max(b.Seconds, 1e-9)).ToString("0.00", C) : "?")} cores)");
        if (b.Ratio is { } ratio)
        {
            t.AppendLine($"ratio             {ratio:0.000}  (settlement event rows/s {b.LoadEventRowsPerSecond:N0} ÷ baseline rows/s {b.RowsPerSecond:N0})");
        }
    }

    private static void Verification(StringBuilder t, VerificationFigures v)
    {
        t.AppendLine($"verification      {(v.Ok ? "OK" : "FAILED")}: {v.LedgerSettlements:N0} settlements of this run in the ledger, {v.GeneratorSettlements:N0} answered, {v.GeneratorReversals:N0} reversed; periods {string.Join(", ", v.Periods)}; {v.Pages:N0} pages in {v.Seconds:0.0} s");
        if (v.UnknownOutcomes > 0)
        {
            t.AppendLine($"                  {v.UnknownOutcomes} requests had no definite answer; {v.UnknownOutcomesFoundInLedger} of them are in the ledger");
        }
        foreach (var p in v.Problems)
        {
            t.AppendLine("  " + p);
        }
    }

    private static string Codes(SortedDictionary<string, long> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value:N0}"));
}
