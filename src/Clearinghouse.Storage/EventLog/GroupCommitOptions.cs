namespace Clearinghouse.Storage.EventLog;

/// <summary>Settings under "Clearinghouse:GroupCommit".</summary>
public sealed class GroupCommitOptions
{
    public const string Section = "Clearinghouse:GroupCommit";

    /// <summary>
    /// Transactions in flight at once. Two by default: each transaction inserts its events and request
    /// keys before it takes the ledger's commit lock, so one writer's inserts run while the other holds
    /// the lock for its ledger rows and its commit, and PostgreSQL works on two cores instead of one.
    /// Measured on 2 cores (docs/performance.md, session 3): 3,992 settlements/s with 2 writers against
    /// 3,302 with 1 at full speed, and p99 117 ms against 412 ms at 2,000/s offered; 3 writers gave
    /// 3,957/s with more PostgreSQL CPU.
    /// </summary>
    public int Writers { get; set; } = 2;

    /// <summary>
    /// How long a writer holding fewer than <see cref="MinBatch"/> appends may wait for more, counted from
    /// when the first of them was queued (like Kafka's linger.ms); zero, the default, commits whatever is
    /// waiting at once. Fewer, larger transactions take less PostgreSQL CPU (0.41 cores instead of 0.54 at
    /// 2,000 settlements/s with 2–5 ms), but every append waits up to this long, the median and the p99 at
    /// 2,000/s rose by about as much, and at full speed runs with it (5,052–6,113 settlements/s, mean 5,686)
    /// matched runs without it (4,911–6,723, mean 5,680; docs/performance.md, session 6). So it is off
    /// unless a deployment that values PostgreSQL CPU over latency sets it.
    /// </summary>
    public TimeSpan Linger { get; set; } = TimeSpan.Zero;

    /// <summary>A batch this large is committed at once, without lingering.</summary>
    public int MinBatch { get; set; } = 128;

    /// <summary>Most appends (streams) in one transaction.</summary>
    public int MaxBatch { get; set; } = 500;

    /// <summary>Appends waiting for a writer; callers wait when it is full (back-pressure, bounded memory).</summary>
    public int QueueCapacity { get; set; } = 20_000;
}
