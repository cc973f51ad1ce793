using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clearinghouse.LoadGen;

/// <summary>The figures of one run: printed on stdout, and the same figures as JSON with --json.</summary>
public sealed record Report
{
    public required string RunId { get; init; }
    public string? Note { get; init; }
    /// <summary>The SQL file an experiment ran in the database after set-up; null for the clearinghouse as built.</summary>
    public string? Experiment { get; init; }
    public required string RequestPrefix { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required MachineInfo Machine { get; init; }
    public required object Options { get; init; }
    public SetupResult? Setup { get; init; }
    public LoadFigures? Load { get; init; }
    public HostFigures? Host { get; init; }
    /// <summary>What the load phase did in PostgreSQL (pg_stat_database and WAL deltas).</summary>
    public PgCounters? Database { get; init; }
    public BaselineFigures? Baseline { get; init; }
    public VerificationFigures? Verification { get; init; }
    public required bool Interrupted { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToText()
    {
        var t = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        void Line(string text) => t.AppendLine(text);
        Line("");
        Line($"== Clearinghouse load run {RunId} ({StartedAt:yyyy-MM-dd HH:mm:ss}Z){(Interrupted ? "  [interrupted]" : "")}");
        if (Note is { Length: > 0 })
        {
            Line($"note              {Note}");
        }
        if (Experiment is { Length: > 0 })
        {
            Line($"experiment        ran {Experiment} in the database after set-up: these figures are not the clearinghouse's as built");
        }
        Line($"machine           {Machine.Cores} cores, {Machine.MemoryGib:0.#} GiB, {Machine.Os}; load average at start {Machine.LoadAverageAtStart}");
        if (Setup is { } s)
        {
            Line($"setup             {s.Seconds:0.0} s: {s.Regions} regions, {s.Hospitals} hospitals, {s.People:N0} people, {s.Calls:N0} calls ({(s.Seconds > 0 ? s.Calls / s.Seconds : 0):N0} calls/s)");
        }
        if (Load is { } l)
        {
            Line($"load phase        {l.Seconds:0.0} s, {l.Mode}");
            Line($"settlements       {l.Accepted:N0} accepted of {l.Sent:N0} sent  =>  {l.AcceptedPerSecond:N0} accepted settlements/s");
            Line($"reversals         {l.Reversals:N0}  =>  {l.ReversalsPerSecond:N0}/s   (event rows written: {l.EventRows:N0}, {l.EventRowsPerSecond:N0}/s)");
            Line($"settle latency    p50 {l.SettleLatency.P50Ms:0.0} ms  p95 {l.SettleLatency.P95Ms:0.0} ms  p99 {l.SettleLatency.P99Ms:0.0} ms  p99.9 {l.SettleLatency.P999Ms:0.0} ms  max {l.SettleLatency.MaxMs:0.0} ms  (mean {l.SettleLatency.MeanMs:0.0} ms{(l.OfferedRate > 0 ? ", from the scheduled send time" : "")})");
            if (l.ReverseLatency.Count > 0)
            {
                Line($"reverse latency   p50 {l.ReverseLatency.P50Ms:0.0} ms  p99 {l.ReverseLatency.P99Ms:0.0} ms  max {l.ReverseLatency.MaxMs:0.0} ms");
            }
            if (l.OfferedRate > 0)
            {
                Line($"offered           {l.OfferedRate:N0}/s; achieved send rate {(l.Seconds > 0 ? l.Sent / l.Seconds : 0):N0}/s; largest send lag behind the timetable {l.MaxSendLagMs:0.0} ms");
            }
            Line($"errors            settle: {Codes(l.SettleErrors)}; reverse: {Codes(l.ReverseErrors)}; retried: {Codes(l.Retries)}");
            foreach (var (key, detail) in l.ErrorSamples)
            {
                Line($"  e.g. {key}: {detail}");
            }
            var secs = Math.Max(l.Seconds, 1e-9);
            var cpu = $"host {(l.HostCpuSeconds is { } hc ? (hc / secs).ToString("0.00", c) : "?")}, postgres {(l.PostgresCpuSeconds is { } pc ? (pc / secs).ToString("0.00", c) : "?")}, load generator {l.LoadGenCpuSeconds / secs:0.00}";
            if (l.MachineCpuSeconds is { } machineCpu)
            {
                var other = machineCpu - (l.HostCpuSeconds ?? 0) - (l.PostgresCpuSeconds ?? 0) - l.LoadGenCpuSeconds;
                cpu += $", other {Math.Max(0, other) / secs:0.00} (whole machine {machineCpu / secs:0.00} of {Machine.Cores} cores busy)";
            }
            Line($"cpu (load phase)  cores used: {cpu}");
            if (l.LoadGenGc is { } g)
            {
                Line($"loadgen GC        {g.Gen0:N0} gen-0, {g.Gen1:N0} gen-1, {g.Gen2:N0} gen-2 collections; paused {g.PausedMs:N0} ms in all, longest seen {g.LongestPauseMs:0.0} ms (a pause delays sends and answers alike)");
            }
        }
        if (Host is { } h)
        {
            if (h.PeakRssMib is { } peak)
            {
                Line($"host memory       after the load: peak RSS (VmHWM) {peak:N0} MiB, RSS {h.RssMib:N0} MiB; at the end: peak {h.PeakRssMibAtEnd:N0} MiB, RSS {h.RssMibAtEnd:N0} MiB  (pid {h.Pid})");
            }
            else if (h.PeakRssMibAtEnd is { } peakEnd)
            {
                Line($"host memory       peak RSS (VmHWM) {peakEnd:N0} MiB, RSS {h.RssMibAtEnd:N0} MiB  (pid {h.Pid})");
            }
            else
            {
                Line($"host memory       pid {h.Pid} not readable");
            }
        }
        if (Database is { } db && Load is { } ld && ld.Accepted > 0)
        {
            var events = Math.Max(1, ld.EventRows);
            Line($"postgres (load)   {db.Commits:N0} commits, {db.Rollbacks:N0} rollbacks; per settlement event: {(double)db.Commits / events:0.00} commits, " +
                 $"{(double)db.Inserted / events:0.0} rows inserted, {(double)db.Updated / events:0.0} updated, {db.WalBytes / (double)events:N0} WAL bytes");
        }
        if (Baseline is { } b)
        {
            Line($"baseline          {b.Rows:N0} rows of {b.AverageEventBytes:N0} bytes{(b.SyntheticPayload ? " (synthetic payload)" : "")} in {b.Seconds:0.0} s  =>  {b.RowsPerSecond:N0} rows/s  ({b.Writers} writers, {b.BatchRows} rows per transaction ({b.Mode}), fsync={b.Fsync}, synchronous_commit={b.SynchronousCommit}; measured after {b.WarmupSeconds:0.#} s of warm-up and {b.AutovacuumWaitSeconds:0.0} s waiting for autovacuum; postgres {(b.PostgresCpuSeconds is { } pc ? (pc / Math.Max(b.Seconds, 1e-9)).ToString("0.00", c) : "?")} cores)");
            Line($"ratio             {b.Ratio:0.000}  (settlement event rows/s {b.LoadEventRowsPerSecond:N0} ÷ baseline rows/s {b.RowsPerSecond:N0})");
        }
        if (Verification is { } v)
        {
            Line($"verification      {(v.Ok ? "OK" : "FAILED")}: {v.LedgerSettlements:N0} settlements of this run in the ledger, {v.GeneratorSettlements:N0} answered, {v.GeneratorReversals:N0} reversed; periods {string.Join(", ", v.Periods)}; {v.Pages:N0} pages in {v.Seconds:0.0} s");
            if (v.UnknownOutcomes > 0)
            {
                Line($"                  {v.UnknownOutcomes} requests had no definite answer; {v.UnknownOutcomesFoundInLedger} of them are in the ledger");
            }
            foreach (var p in v.Problems)
            {
                Line("  " + p);
            }
        }
        return t.ToString();
    }

    private static string Codes(SortedDictionary<string, long> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value:N0}"));
}

public sealed record MachineInfo(int Cores, double MemoryGib, string Os, string LoadAverageAtStart, string Hostname);

public sealed record LoadFigures
{
    public required double Seconds { get; init; }
    public required string Mode { get; init; }
    public required double OfferedRate { get; init; }
    public required long Sent { get; init; }
    public required long Accepted { get; init; }
    public required double AcceptedPerSecond { get; init; }
    public required long Reversals { get; init; }
    public required double ReversalsPerSecond { get; init; }
    public required long EventRows { get; init; }
    public required double EventRowsPerSecond { get; init; }
    public required SortedDictionary<string, long> SettleErrors { get; init; }
    public required SortedDictionary<string, long> ReverseErrors { get; init; }
    public required SortedDictionary<string, long> Retries { get; init; }
    public required SortedDictionary<string, string> ErrorSamples { get; init; }
    public required LatencySummary SettleLatency { get; init; }
    public required LatencySummary ReverseLatency { get; init; }
    public required double MaxSendLagMs { get; init; }
    public double? HostCpuSeconds { get; init; }
    public required double LoadGenCpuSeconds { get; init; }
    public GcFigures? LoadGenGc { get; init; }
    public double? PostgresCpuSeconds { get; init; }
    public double? MachineCpuSeconds { get; init; }
    public double? MachineCpuBusy { get; init; }

    public static LoadFigures From(LoadResult r) => new()
    {
        Seconds = r.Seconds,
        Mode = r.Mode,
        OfferedRate = r.OfferedRate,
        Sent = r.Sent,
        Accepted = r.Accepted,
        AcceptedPerSecond = r.AcceptedPerSecond,
        Reversals = r.Reversals,
        ReversalsPerSecond = r.ReversalsPerSecond,
        EventRows = r.EventRows,
        EventRowsPerSecond = r.EventRowsPerSecond,
        SettleErrors = r.SettleErrors,
        ReverseErrors = r.ReverseErrors,
        Retries = r.Retries,
        ErrorSamples = r.ErrorSamples,
        SettleLatency = r.SettleLatency,
        ReverseLatency = r.ReverseLatency,
        MaxSendLagMs = r.MaxSendLagMs,
        HostCpuSeconds = r.HostCpuSeconds,
        LoadGenCpuSeconds = r.LoadGenCpuSeconds,
        LoadGenGc = r.LoadGenGc,
        PostgresCpuSeconds = r.PostgresCpuSeconds,
        MachineCpuSeconds = r.MachineCpuSeconds,
        MachineCpuBusy = r.MachineCpuBusy,
    };
}

/// <summary>The host's peak (VmHWM) and current (VmRSS) memory right after the load phase, and at the very end.</summary>
public sealed record HostFigures(int Pid, long? PeakRssMib, long? RssMib, long? PeakRssMibAtEnd, long? RssMibAtEnd);

public sealed record BaselineFigures(
    long Rows, double Seconds, double RowsPerSecond, double AverageEventBytes, bool SyntheticPayload, int Writers, int BatchRows, string Mode,
    string SynchronousCommit, string Fsync, double? PostgresCpuSeconds, double WarmupSeconds, double AutovacuumWaitSeconds,
    double LoadEventRowsPerSecond, double Ratio);

public sealed record VerificationFigures(
    bool Ok, double Seconds, List<string> Periods, long Pages, int LedgerSettlements, int GeneratorSettlements, int GeneratorReversals,
    int UnknownOutcomes, int UnknownOutcomesFoundInLedger, List<RegionSum> Sums, List<string> Problems);
