using Clearinghouse.Domain.Events;

namespace Clearinghouse.Grains.Storage;

/// <summary>
/// The event store as grains see it: read a stream, append to it at an expected version. An append
/// returns only once its events (and the read models that project them) are committed.
/// </summary>
public interface IEventLog
{
    Task<IReadOnlyList<IStampedEvent>> ReadAsync(string streamKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// A whole stream as a grain folds its state from it: a settlement's line items are left out (empty), since no
    /// state is folded from them; what needs them reads the event again (<see cref="ReadEventAsync"/>).
    /// </summary>
    Task<IReadOnlyList<IStampedEvent>> ReadToFoldAsync(string streamKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Several streams, each with its events in order (a stream with none is left out): what the clearing grain folds
    /// its prepayment accounts from (a few hundred short streams, read in one query by their keys).
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<IStampedEvent>>> ReadStreamsAsync(IReadOnlyList<string> streamKeys, CancellationToken cancellationToken = default);

    /// <summary>One committed event of a stream, by its version (from 1); null if the stream has no such version.</summary>
    Task<IStampedEvent?> ReadEventAsync(string streamKey, long version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Several committed events of one stream by their versions, in version order, in one query (versions the
    /// stream does not have are left out): the recent settlements supervision in Settle judges a visit against.
    /// </summary>
    Task<IReadOnlyList<IStampedEvent>> ReadEventsAsync(string streamKey, IReadOnlyList<long> versions, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether a request key (scope, request id) is held by a committed request of any stream. A request that
    /// changes nothing writes no key, so only this tells it that its id already belongs to another request.
    /// </summary>
    Task<bool> IsRequestKeyTakenAsync(string scope, string requestId, CancellationToken cancellationToken = default);

    /// <exception cref="StreamConflictException">another writer appended first.</exception>
    /// <exception cref="Domain.RejectedException">ALREADY_EXISTS: a request key was used by another stream.</exception>
    /// <exception cref="PeriodNotOpenException">a settlement or reversal names a period no longer open.</exception>
    Task AppendAsync(StreamAppend append, CancellationToken cancellationToken = default);

    /// <summary>Appends to several streams in one transaction: all of them commit, or none.</summary>
    Task AppendAllAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default);
}

/// <param name="StreamKey">One stream per aggregate, e.g. "person:123".</param>
/// <param name="ExpectedVersion">Events the writer has seen; the append fails if the stream has more.</param>
/// <param name="Events">At least one event; every event names its request. The store projects them into
/// its read models (the ledger) in the same transaction.</param>
public sealed record StreamAppend(string StreamKey, long ExpectedVersion, IReadOnlyList<IStampedEvent> Events);

/// <summary>
/// The stream moved on since the writer read it (another activation, another host): nothing was written.
/// It crosses grain calls to the silo that serves the gRPC call (answered ABORTED there), hence the
/// serializer attributes, and it carries no inner exception: the database's error (which Orleans cannot
/// serialize) says nothing more than this does.
/// </summary>
[GenerateSerializer, Alias("clearinghouse.stream_conflict")]
public sealed class StreamConflictException : Exception
{
    public StreamConflictException(string streamKey)
        : base($"stream {streamKey} was appended to by another writer") => StreamKey = streamKey;

    [Id(0)]
    public string StreamKey { get; }
}

/// <summary>
/// The period a settlement or reversal was decided in was cut off before it could commit: nothing was
/// written, and the decision is to be made again in the open period.
/// </summary>
public sealed class PeriodNotOpenException(string period, Exception inner)
    : Exception($"period {period} is no longer open for intake", inner)
{
    public string Period { get; } = period;
}

public static class StreamKeys
{
    public static string Person(string personId) => "person:" + personId;
    public static string Region(string regionCode) => "region:" + regionCode;
    public static string Hospital(string hospitalCode) => "hospital:" + hospitalCode;
    public const string Clearing = "clearing";
    public const string PrepaymentPrefix = "prepayment:";
    public static string Prepayment(string regionCode) => PrepaymentPrefix + regionCode;
    /// <summary>The clearing account's own stream (the "clearing" stream is the periods').</summary>
    public const string ClearingAccount = "clearing:000000";
    public static string Statement(string period, string regionCode) => "statement:" + period + ":" + regionCode;
    /// <summary>A care region's catalogue versions (their headers).</summary>
    public static string Catalogue(string regionCode) => "catalogue:" + regionCode;
    /// <summary>The items of one catalogue version, written once with its header.</summary>
    public static string CatalogueItems(string regionCode, int version) => "catalogue:" + regionCode + ":" + version.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
