using Clearinghouse.Domain.Events;

namespace Clearinghouse.Grains.Storage;

/// <summary>
/// The event store as grains see it: read a stream, append to it at an expected version. An append
/// returns only once its events (and the read models that project them) are committed.
/// </summary>
public interface IEventLog
{
    Task<IReadOnlyList<IStampedEvent>> ReadAsync(string streamKey, CancellationToken cancellationToken = default);

    /// <exception cref="StreamConflictException">another writer appended first.</exception>
    /// <exception cref="Domain.RejectedException">ALREADY_EXISTS: a request key was used by another stream.</exception>
    Task AppendAsync(StreamAppend append, CancellationToken cancellationToken = default);
}

/// <param name="StreamKey">One stream per aggregate, e.g. "person:123".</param>
/// <param name="ExpectedVersion">Events the writer has seen; the append fails if the stream has more.</param>
/// <param name="Events">At least one event; every event names its request. The store projects them into
/// its read models (the ledger) in the same transaction.</param>
public sealed record StreamAppend(string StreamKey, long ExpectedVersion, IReadOnlyList<IStampedEvent> Events);

/// <summary>The stream moved on since the writer read it (another activation, another host).</summary>
public sealed class StreamConflictException(string streamKey, Exception inner)
    : Exception($"stream {streamKey} was appended to by another writer", inner);

public static class StreamKeys
{
    public static string Person(string personId) => "person:" + personId;
    public static string Region(string regionCode) => "region:" + regionCode;
    public static string Hospital(string hospitalCode) => "hospital:" + hospitalCode;
}
