using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Clearinghouse.Storage.EventLog;

/// <summary>
/// The group commit's own figures, on the meter "Clearinghouse.GroupCommit" (live:
/// <c>dotnet-counters monitor -n Clearinghouse.Host --counters Clearinghouse.GroupCommit</c>): how long an
/// append waited for a writer, how many appends a transaction carried, how long a transaction took, and
/// how many batches failed and were retried append by append (each retry a transaction of its own).
/// They tell a slow commit from a GC pause (see docs/performance.md).
/// Recording costs nothing while no one listens.
/// </summary>
public sealed class GroupCommitMetrics
{
    public const string MeterName = "Clearinghouse.GroupCommit";

    private readonly Histogram<double> _queueWait;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _batchesRetried;

    public GroupCommitMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _queueWait = meter.CreateHistogram<double>("clearinghouse.group_commit.queue_wait", "ms",
            "Time an append waited in the queue before a writer took it");
        _batchSize = meter.CreateHistogram<int>("clearinghouse.group_commit.batch_size", "{append}",
            "Appends (callers) committed by one transaction");
        _commitDuration = meter.CreateHistogram<double>("clearinghouse.group_commit.duration", "ms",
            "Time to stage, send and commit one transaction");
        _batchesRetried = meter.CreateCounter<long>("clearinghouse.group_commit.batches_retried", "{batch}",
            "Batches whose transaction failed, so that each append was committed alone");
    }

    public void Taken(long queuedAt) => _queueWait.Record(Stopwatch.GetElapsedTime(queuedAt).TotalMilliseconds);

    public void Committed(int appends, long startedAt)
    {
        _batchSize.Record(appends);
        _commitDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds);
    }

    public void Retried() => _batchesRetried.Add(1);
}
