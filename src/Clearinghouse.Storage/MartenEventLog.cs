using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Storage;
using JasperFx.Events;
using Marten;
using JasperFx;

namespace Clearinghouse.Storage;

/// <summary>One Marten session per append: the events, their read-model documents and request keys commit together.</summary>
public sealed class MartenEventLog(IDocumentStore store) : IEventLog
{
    public async Task<IReadOnlyList<IStampedEvent>> ReadAsync(string streamKey, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(streamKey, token: cancellationToken);
        return events.Select(e => (IStampedEvent)e.Data).ToList();
    }

    public async Task AppendAsync(StreamAppend append, CancellationToken cancellationToken = default)
    {
        await using var session = store.LightweightSession();
        Stage(session, append);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (IsRequestKeyCollision(e))
        {
            throw await RequestKeyTaken(append, cancellationToken);
        }
        catch (Exception e) when (e is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException or ConcurrencyException)
        {
            throw new StreamConflictException(append.StreamKey, e);
        }
    }

    internal static void Stage(IDocumentSession session, StreamAppend append)
    {
        var events = append.Events.Cast<object>().ToArray();
        if (append.ExpectedVersion == 0)
        {
            session.Events.StartStream(append.StreamKey, events);
        }
        else
        {
            // Marten's expected version is the stream's version after these events are appended.
            session.Events.Append(append.StreamKey, append.ExpectedVersion + events.Length, events);
        }
        foreach (var document in append.Documents)
        {
            session.Store(document);
        }
        foreach (var stamp in append.Events.Select(e => e.Request).DistinctBy(s => s.Key))
        {
            session.Insert(new RequestRecord(stamp.Key, stamp.Fingerprint, append.StreamKey));
        }
    }

    private static bool IsRequestKeyCollision(Exception e) =>
        e is DocumentAlreadyExistsException { DocType: var t } && t == typeof(RequestRecord);

    private async Task<RejectedException> RequestKeyTaken(StreamAppend append, CancellationToken cancellationToken)
    {
        var stamp = append.Events[0].Request;
        await using var session = store.QuerySession();
        var existing = await session.LoadAsync<RequestRecord>(stamp.Key, cancellationToken);
        var where = existing is null ? "" : $" ({existing.StreamKey})";
        return RejectedException.AlreadyExists(
            $"request_id '{stamp.RequestId}' was already used in region {stamp.Scope} for a different request{where}");
    }
}
