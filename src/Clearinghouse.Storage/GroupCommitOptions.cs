namespace Clearinghouse.Storage;

/// <summary>Settings under "Clearinghouse:GroupCommit".</summary>
public sealed class GroupCommitOptions
{
    public const string Section = "Clearinghouse:GroupCommit";

    /// <summary>
    /// Transactions in flight at once. One is the default: while it commits, the next batch fills, and
    /// batches stay large. A second writer's event and request-key inserts overlap the first's locked
    /// part (ledger rows and commit), which helps only where cores are spare: on 2 cores the machine was
    /// already CPU-bound and 2 writers gave no more settlements per second (docs/performance.md).
    /// </summary>
    public int Writers { get; set; } = 1;

    /// <summary>Most appends (streams) in one transaction.</summary>
    public int MaxBatch { get; set; } = 500;

    /// <summary>Appends waiting for a writer; callers wait when it is full (back-pressure, bounded memory).</summary>
    public int QueueCapacity { get; set; } = 20_000;
}
