using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Storage;

namespace Clearinghouse.Grains;

/// <summary>
/// A grain whose state is its Marten stream. Decide → append → apply: the state changes only after the
/// events are committed, so a refused or failed request leaves neither events nor state behind.
/// (Orleans' JournaledGrain applies tentatively and retries on conflict; we need the stricter order and
/// an append path that group-commits many grains' events, hence this small base instead.)
/// </summary>
public abstract class EventSourcedGrain<TState>(IEventLog eventLog) : Grain where TState : IEventSourcedState, new()
{
    protected TState State { get; private set; } = new();

    protected abstract string StreamKey { get; }

    /// <summary>For a grain that also folds streams other than its own (the clearing grain's accounts).</summary>
    protected IEventLog EventLog => eventLog;

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Reload(cancellationToken);

    /// <summary>Folds the stream afresh: for a stream that another writer may start (a statement at close).</summary>
    protected async Task Reload(CancellationToken cancellationToken = default)
    {
        var state = new TState();
        foreach (var e in await eventLog.ReadToFoldAsync(StreamKey, cancellationToken))
        {
            state.Apply(e);
        }
        State = state;
    }

    /// <summary>
    /// The event an earlier request with this key produced, if its content was the same; a different
    /// content under the same key is refused. Null when the request is new. The state remembers only where
    /// the event is, so a retry reads it back from the stream: retries are rare, and what every accepted
    /// request would otherwise keep in memory is not (see <see cref="RequestIndex"/>).
    /// </summary>
    protected Task<TEvent?> Replay<TEvent>(string scope, string requestId, string fingerprint) where TEvent : class, IStampedEvent =>
        ReplayIn<TEvent>(StreamKey, State, scope, requestId, fingerprint);

    /// <summary>
    /// <see cref="Replay{TEvent}"/> in another stream this grain writes alone (the clearing grain's accounts), whose
    /// folded state it keeps beside its own.
    /// </summary>
    protected async Task<TEvent?> ReplayIn<TEvent>(string streamKey, IEventSourcedState state, string scope, string requestId, string fingerprint)
        where TEvent : class, IStampedEvent
    {
        var key = RequestKey.Of(scope, requestId);
        if (state.FindRequest(key) is not { } version)
        {
            return null;
        }
        var earlier = await ReadFolded<IStampedEvent>(streamKey, state, version);
        if (earlier.Request.Key != key)
        {
            // Only a digest collision could lead here; the key is not this request's, so the request is new.
            return null;
        }
        if (earlier.Request.Fingerprint != fingerprint || earlier is not TEvent same)
        {
            throw AlreadyUsed(scope, requestId);
        }
        return same;
    }

    /// <summary>
    /// For a request that will be answered without an event (it changes nothing): refuses it if its request id
    /// already belongs to another request, as an append would have. <see cref="Replay{TEvent}"/> found no
    /// request of this stream under the key, so a key held anywhere is another request's.
    /// </summary>
    protected async Task RequireRequestIdUnused(string scope, string requestId)
    {
        if (await eventLog.IsRequestKeyTakenAsync(scope, requestId))
        {
            throw AlreadyUsed(scope, requestId);
        }
    }

    private static RejectedException AlreadyUsed(string scope, string requestId) =>
        RejectedException.AlreadyExists($"request_id '{requestId}' was already used in region {scope} for a different request");

    /// <summary>An event this grain's state was folded from, read back from the stream by its version.</summary>
    protected Task<TEvent> ReadEvent<TEvent>(long version) where TEvent : class, IStampedEvent =>
        ReadFolded<TEvent>(StreamKey, State, version);

    private async Task<TEvent> ReadFolded<TEvent>(string streamKey, IEventSourcedState state, long version) where TEvent : class, IStampedEvent
    {
        Invariant.Require(version >= 1 && version <= state.Version, "a version the state was folded from");
        var e = await eventLog.ReadEventAsync(streamKey, version);
        return e as TEvent
            ?? throw new InvariantViolationException($"stream {streamKey} has no {typeof(TEvent).Name} at version {version}");
    }

    protected Task Commit(params IReadOnlyList<IStampedEvent> events) => CommitWith(events, []);

    /// <summary>
    /// Appends to this grain's stream and, in the same transaction, to other streams that only this
    /// grain ever starts (a close's statements): all commit or none.
    /// </summary>
    protected async Task CommitWith(IReadOnlyList<IStampedEvent> events, IReadOnlyList<StreamAppend> others)
    {
        var own = new StreamAppend(StreamKey, State.Version, events);
        await Append(others.Count == 0 ? [own] : [own, .. others]);
        foreach (var e in events)
        {
            State.Apply(e);
        }
    }

    /// <summary>
    /// Appends in one transaction to streams this grain writes alone (its own, a close's statements, a deposit on a
    /// prepayment account with the clearing stream's record of it); the caller applies the events to the states it
    /// keeps once this returns. A refusal leaves the states as they are; any other failure drops the activation.
    /// </summary>
    protected async Task Append(IReadOnlyList<StreamAppend> appends)
    {
        Invariant.Require(appends.Count > 0, "a commit appends to at least one stream");
        foreach (var append in appends)
        {
            Invariant.Require(append.Events.Count > 0, "a commit carries at least one event per stream");
        }
        try
        {
            if (appends.Count == 1)
            {
                await eventLog.AppendAsync(appends[0]);
            }
            else
            {
                await eventLog.AppendAllAsync(appends);
            }
        }
        catch (Exception e) when (e is RejectedException or PeriodNotOpenException)
        {
            // Refused before anything was written: the state is still the stream's.
            throw;
        }
        catch
        {
            // The outcome may be unknown (a conflict, a lost connection at commit): drop this activation so
            // the next call re-reads the stream, where a retry with the same request id finds what landed.
            DeactivateOnIdle();
            throw;
        }
    }
}
