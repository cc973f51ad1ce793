namespace Clearinghouse.Storage.EventLog;

/// <summary>Settings under "Clearinghouse:GroupCommit".</summary>
public sealed class GroupCommitOptions
{
    public const string Section = "Clearinghouse:GroupCommit";

    /// <summary>
    /// Transactions in flight at once. Two by default: each transaction inserts its events and request
    /// keys before it takes the ledger's commit lock, so one writer's inserts run while the other holds
    /// the lock for its ledger rows and its commit, and PostgreSQL works on two cores instead of one. A third
    /// writer added only PostgreSQL CPU (see docs/performance.md, "Levers tried").
    /// </summary>
    public int Writers { get; set; } = 2;

    /// <summary>
    /// How long a writer holding fewer than <see cref="MinBatch"/> appends may wait for more, counted from
    /// when the first of them was queued (like Kafka's linger.ms); zero, the default, commits whatever is
    /// waiting at once. Fewer, larger transactions take less PostgreSQL CPU, but every append waits up to
    /// this long and full speed gains nothing measurable (see docs/performance.md, "Levers tried"), so it is
    /// off unless a deployment that values PostgreSQL CPU over latency sets it.
    /// </summary>
    public TimeSpan Linger { get; set; } = TimeSpan.Zero;

    /// <summary>A batch this large is committed at once, without lingering.</summary>
    public int MinBatch { get; set; } = 128;

    /// <summary>Most appends (streams) in one transaction.</summary>
    public int MaxBatch { get; set; } = 500;

    /// <summary>Appends waiting for a writer; callers wait when it is full (back-pressure, bounded memory).</summary>
    public int QueueCapacity { get; set; } = 20_000;
}
