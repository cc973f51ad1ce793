namespace Clearinghouse.Storage;

/// <summary>Settings under "Clearinghouse:GroupCommit".</summary>
public sealed class GroupCommitOptions
{
    public const string Section = "Clearinghouse:GroupCommit";

    /// <summary>
    /// Transactions in flight at once. With synchronous_commit on, each commit waits for a WAL flush;
    /// several writers let one batch fill while another waits.
    /// </summary>
    public int Writers { get; set; } = 4;

    /// <summary>Most appends (streams) in one transaction.</summary>
    public int MaxBatch { get; set; } = 500;

    /// <summary>Appends waiting for a writer; callers wait when it is full (back-pressure, bounded memory).</summary>
    public int QueueCapacity { get; set; } = 20_000;
}
