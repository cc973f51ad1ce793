using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Clearinghouse.Storage.EventLog;

/// <summary>
/// The group commit's own figures, on the meter "Clearinghouse.GroupCommit" (live:
/// <c>dotnet-counters monitor -n Clearinghouse.Host --counters Clearinghouse.GroupCommit</c>): how long an
/// append waited for a writer, how many appends a transaction carried, how long a transaction took, and
/// how many batches failed and were retried append by append (each retry a transaction of its own), and
/// how many appends wait for a writer (read when the metrics are collected).
/// They tell a slow commit from a GC pause (see docs/performance.md); names and units: docs/operations.md.
/// Recording costs nothing while no one listens. The histograms advise bucket bounds that fit their
/// ranges, so an exporter that follows the advice (OpenTelemetry does) needs no view of its own.
/// </summary>
public sealed class GroupCommitMetrics
{
    public const string MeterName = "Clearinghouse.GroupCommit";

    private readonly Histogram<double> _queueWait;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _batchesRetried;
    private Func<int>? _queueDepth;

    public GroupCommitMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _queueWait = meter.CreateHistogram("clearinghouse.group_commit.queue_wait", "ms",
            "Time an append waited in the queue before a writer took it", tags: null, advice: MillisecondBounds);
        _batchSize = meter.CreateHistogram("clearinghouse.group_commit.batch_size", "{append}",
            "Appends (callers) committed by one transaction", tags: null, advice: BatchSizeBounds);
        _commitDuration = meter.CreateHistogram("clearinghouse.group_commit.duration", "ms",
            "Time to stage, send and commit one transaction", tags: null, advice: MillisecondBounds);
        _batchesRetried = meter.CreateCounter<long>("clearinghouse.group_commit.batches_retried", "{batch}",
            "Batches whose transaction failed, so that each append was committed alone");
        meter.CreateObservableGauge("clearinghouse.group_commit.queue_depth", () => Volatile.Read(ref _queueDepth)?.Invoke() ?? 0, "{append}",
            "Appends queued for a writer, not yet in a transaction");
    }

    // From a fraction of a millisecond (a quiet commit) to seconds (a stalled database).
    private static readonly InstrumentAdvice<double> MillisecondBounds = new()
    {
        HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000],
    };

    // Up to GroupCommitOptions.MaxBatch's largest value.
    private static readonly InstrumentAdvice<int> BatchSizeBounds = new()
    {
        HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 8_192],
    };

    /// <summary>The event log's queue, read when the metrics are collected (one event log per host).</summary>
    public void ObserveQueue(Func<int> depth) => Volatile.Write(ref _queueDepth, depth);

    public void Taken(long queuedAt) => _queueWait.Record(Stopwatch.GetElapsedTime(queuedAt).TotalMilliseconds);

    public void Committed(int appends, long startedAt)
    {
        _batchSize.Record(appends);
        _commitDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds);
    }

    public void Retried() => _batchesRetried.Add(1);
}
