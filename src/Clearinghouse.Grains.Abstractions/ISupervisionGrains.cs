using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Supervision;
using Orleans.Concurrency;

namespace Clearinghouse.Grains.Abstractions;

/// <summary>
/// One flag (key: its flag id, <see cref="FlagIds.Of"/>): the only writer of its stream. The supervision processor
/// raises it once; officers resolve it once.
/// </summary>
public interface IFlagGrain : IGrainWithStringKey
{
    /// <summary>The flag, or null if no finding has this id.</summary>
    Task<FlagView?> Get();

    /// <summary>
    /// Writes the finding as the stream's first event. False when the stream already holds it (the finding was
    /// found before a restart, or by another processor activation): nothing is written.
    /// </summary>
    Task<bool> Raise(SettlementFlagged flagged);

    /// <summary>Resolves the open flag; a retry gets the first answer, a second resolution is refused.</summary>
    Task<FlagView> Resolve(ResolveFlag command);
}

[GenerateSerializer, Immutable, Alias("clearinghouse.resolve_flag.v1")]
public sealed record ResolveFlag(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string Fingerprint,
    [property: Id(2)] FlagResolution Resolution,
    [property: Id(3)] string Note,
    [property: Id(4)] string Officer,
    [property: Id(5)] bool RequestReversal);

/// <summary>
/// The fund supervision processor (key <see cref="Key"/>: one activation in the cluster). Each call handles the
/// settlement events of $all committed since its position, up to a batch, and checkpoints when due; a period's close
/// runs the period-level comparison (outliers) over its settlements.
/// </summary>
public interface ISupervisionGrain : IGrainWithStringKey
{
    public const string Key = "supervision";

    /// <summary>Catches up, up to a batch.</summary>
    [ResponseTimeout("00:05:00")]
    Task<SupervisionProgress> Process(SupervisionRun run);

    /// <summary>
    /// Asks the call in progress, if any, to end between two events (its host is stopping): it returns what it did,
    /// every flag of an event handled written, and the events after it are read again by the next call or after a
    /// restart. Runs beside that call (interleaved), so it is heard while the call works.
    /// </summary>
    [AlwaysInterleave]
    Task StopCurrentCall();

    Task<SupervisionProgress> Progress();
}

/// <param name="BatchSize">Events read from $all per read.</param>
/// <param name="MaxEvents">Events handled per call at most, so one call never holds the grain for long.</param>
/// <param name="CheckpointEvery">How long after the last checkpoint the next is written (if the position moved).</param>
/// <param name="PersonCapacity">Persons whose visits are kept in memory.</param>
/// <param name="VisitCapacity">Visits kept in memory over all those persons.</param>
/// <param name="HaltAfterFlags">Fault injection for tests (0: off): once this activation wrote this many flags, it
/// handles nothing more and never checkpoints, as if the host stopped in the middle of an event's findings.</param>
/// <param name="YieldAtHeapPercent">The share of the GC heap's limit, in percent, from which the call reads no further
/// page and leaves the rest to a later call (0: never).</param>
/// <param name="HeapPercentSeen">For tests (0: off): the share of its limit the heap is taken to fill, instead of what
/// the last garbage collection measured.</param>
[GenerateSerializer, Immutable, Alias("clearinghouse.supervision_run.v1")]
public sealed record SupervisionRun(
    [property: Id(0)] int BatchSize, [property: Id(1)] int MaxEvents, [property: Id(2)] TimeSpan CheckpointEvery, [property: Id(3)] int PersonCapacity,
    [property: Id(4)] int HaltAfterFlags = 0, [property: Id(5)] int YieldAtHeapPercent = 0,
    [property: Id(6)] int HeapPercentSeen = 0, [property: Id(7)] int VisitCapacity = 200_000);

/// <param name="Position">The last $all position handled.</param>
/// <param name="CheckpointedPosition">The position of the last checkpoint.</param>
/// <param name="FlagsRaised">Flags written by this activation.</param>
/// <param name="FlagsAlreadyRaised">Findings this activation found already flagged (after a restart).</param>
/// <param name="HeldVisits">Visits the processor holds in memory now.</param>
[GenerateSerializer, Immutable, Alias("clearinghouse.supervision_progress.v1")]
public sealed record SupervisionProgress(
    [property: Id(0)] long Position, [property: Id(1)] long CheckpointedPosition, [property: Id(2)] long FlagsRaised,
    [property: Id(3)] long FlagsAlreadyRaised, [property: Id(4)] long Settlements, [property: Id(5)] long HeldVisits = 0);
