using System.Collections.Immutable;

namespace Clearinghouse.Grains.Storage;

/// <summary>
/// The stored events as an outside reader follows them (the EventStoreDB protocol, docs/eventstore-protocol.md):
/// one stream by revision, or every stream in commit order by position. Positions are the audit trail's commit
/// sequence numbers, taken under the ledger's commit lock, so a reader that has seen position p never later sees
/// an event commit below p.
/// </summary>
public interface IEventFeed
{
    /// <summary>
    /// Up to <paramref name="count"/> events of one stream the reader may see, from revision <paramref name="from"/>
    /// (inclusive) onwards, or downwards when <paramref name="forwards"/> is false.
    /// </summary>
    Task<ImmutableArray<FeedEvent>> ReadStreamAsync(
        string streamKey, long from, bool forwards, int count, FeedReader reader, CancellationToken cancellationToken = default);

    /// <summary>Whether the stream exists (has any event), whoever may see it.</summary>
    Task<bool> StreamExistsAsync(string streamKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="count"/> events of every stream the reader may see that pass the filter, in commit order:
    /// forwards those with <paramref name="after"/> &lt; position ≤ <paramref name="upTo"/>; backwards those below
    /// <paramref name="upTo"/> (exclusive), newest first, <paramref name="after"/> ignored.
    /// </summary>
    Task<ImmutableArray<FeedEvent>> ReadAllAsync(
        long after, long upTo, bool forwards, int count, FeedReader reader, FeedFilter filter, CancellationToken cancellationToken = default);

    /// <summary>The highest committed position (0 when nothing is stored): every event at or below it is visible now.</summary>
    Task<long> LastPositionAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Whose reading: null <see cref="Regions"/> reads everything (officers); otherwise only events one of whose
/// regions is in <see cref="Regions"/> or begins with <see cref="Province"/> (a platform's).
/// </summary>
public sealed record FeedReader(string? Region, string? Province)
{
    public static readonly FeedReader Everything = new(null, null);

    public bool SeesEverything => Region is null && Province is null;
}

/// <summary>
/// Which events of $all a reader asked for: stream-name or event-type prefixes (any of them), or a regular
/// expression (PostgreSQL's syntax); empty admits everything.
/// </summary>
public sealed record FeedFilter(ImmutableArray<string> StreamPrefixes, string? StreamRegex, ImmutableArray<string> TypePrefixes, string? TypeRegex)
{
    public static readonly FeedFilter None = new([], null, [], null);

    public bool IsEmpty => StreamPrefixes.IsEmpty && StreamRegex is null && TypePrefixes.IsEmpty && TypeRegex is null;
}

/// <summary>
/// One stored event: its id, stream, revision (version − 1), commit position, stored type name and stored JSON (as
/// the UTF-8 bytes PostgreSQL sent, passed on to the wire without decoding and encoding them again), and who caused
/// it when, with the regions party to it.
/// </summary>
public sealed record FeedEvent(
    Guid Id, string Stream, long Revision, long Position, string Type, ReadOnlyMemory<byte> Json,
    string Actor, DateTimeOffset AcceptedAt, ImmutableArray<string> Regions, string RequestScope, string RequestId);
