namespace Clearinghouse.Storage;

/// <summary>Settings under "Clearinghouse:GroupCommit".</summary>
public sealed class GroupCommitOptions
{
    public const string Section = "Clearinghouse:GroupCommit";

    /// <summary>
    /// Transactions in flight at once. One is the default: while it commits, the next batch fills, and
    /// batches stay large. Measured (docs/performance.md): every extra transaction costs CPU on both
    /// sides, so 2 or 4 writers gave smaller batches and fewer settlements per second on 2 cores.
    /// </summary>
    public int Writers { get; set; } = 1;

    /// <summary>Most appends (streams) in one transaction.</summary>
    public int MaxBatch { get; set; } = 500;

    /// <summary>Appends waiting for a writer; callers wait when it is full (back-pressure, bounded memory).</summary>
    public int QueueCapacity { get; set; } = 20_000;
}
