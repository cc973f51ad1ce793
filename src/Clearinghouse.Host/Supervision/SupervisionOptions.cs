namespace Clearinghouse.Host.Supervision;

/// <summary>Settings under "Clearinghouse:Supervision" (docs/supervision.md).</summary>
public sealed class SupervisionOptions
{
    public const string Section = "Clearinghouse:Supervision";

    /// <summary>Whether this host drives the fund supervision processor (any one host driving it is enough).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the processor is asked to catch up with $all: the most a new settlement waits for its flags.</summary>
    /// <remarks>
    /// A quarter of a second: at 2,000 settlements/s offered a 1 s interval left flags p99 1.14 s behind their
    /// settlements, 250 ms 0.36 s, with the same settlement latency and host CPU (an idle poll is one small query).
    /// </remarks>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often, while busy, the processor checkpoints its position (it also checkpoints whenever it catches up).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Settlement events handled per call at most.</summary>
    public int MaxEventsPerCall { get; set; } = 5_000;

    /// <summary>
    /// Persons whose recent visits the processor keeps in memory (each visit held with its lines; see VisitCapacity):
    /// 200,000 of them took the host past its 1 GiB heap under a load of people not seen before, where holding helps
    /// little anyway: a person not held is read again, a hundred of the page's persons to a query.
    /// </summary>
    public int PersonCapacity { get; set; } = 20_000;

    /// <summary>
    /// The share of the GC heap's limit, in percent, from which the processor reads no further page until the heap
    /// is back under it (0: never). Supervision is after the fact and the intake is not: under a burst of people not
    /// seen before the heap runs close to its cap, and a page read then (its events and persons decoded whole) made
    /// the processor, or a person being activated, fail with <see cref="OutOfMemoryException"/>. Its flags come later
    /// instead; the lag is the price.
    /// </summary>
    public int YieldAtHeapPercent { get; set; } = 85;

    /// <summary>
    /// Visits the processor keeps in memory over all persons held, each with its lines: a
    /// world whose people settled dozens of times a month filled the heap with 20,000 persons' visits, and the
    /// processor, waiting for the heap it filled itself, never went on.
    /// </summary>
    public int VisitCapacity { get; set; } = 200_000;
}
