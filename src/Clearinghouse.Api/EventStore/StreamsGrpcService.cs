using Clearinghouse.Api.Identity;
using Clearinghouse.Domain;
using Clearinghouse.EventStore.Protocol;
using Clearinghouse.Grains.Storage;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using ReadOptions = Clearinghouse.EventStore.Protocol.ReadReq.Types.Options;

namespace Clearinghouse.Api.EventStore;

/// <summary>
/// EventStoreDB's streams service over the clearinghouse's event log (docs/eventstore-protocol.md): Read of one
/// stream or of $all, forwards or backwards, with a count or as a catch-up subscription that goes live. A region
/// or platform reads only the events it is party to. Writes are refused: they go through the clearinghouse API.
/// </summary>
public sealed partial class StreamsGrpcService(IEventFeed feed, CommitWatermark watermark, IHostApplicationLifetime lifetime) : Streams.StreamsBase
{
    /// <summary>Events per query; a read of more goes on page by page.</summary>
    private const int PageSize = 500;

    /// <summary>Past every revision and position (kept clear of overflow when a revision becomes a version).</summary>
    private const long Beyond = long.MaxValue / 2;

    public override async Task Read(ReadReq request, IServerStreamWriter<ReadResp> responses, ServerCallContext context)
    {
        var options = request.Options ?? throw RejectedException.InvalidArgument("options is required");
        var reader = ReaderOf(context);
        var structured = options.UuidOption?.ContentCase == ReadOptions.Types.UUIDOption.ContentOneofCase.Structured;
        var forwards = options.ReadDirection == ReadOptions.Types.ReadDirection.Forwards;
        var subscription = options.CountOptionCase == ReadOptions.CountOptionOneofCase.Subscription;
        if (subscription && !forwards)
        {
            throw RejectedException.InvalidArgument("a subscription reads forwards: read_direction must be Forwards");
        }
        // A subscription ends when the host stops, so a stopping host does not wait for its followers to leave.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var read = new Reading(responses, reader, structured, stopping.Token);
        try
        {
            switch (options.StreamOptionCase)
            {
                case ReadOptions.StreamOptionOneofCase.Stream:
                    if (options.FilterOptionCase == ReadOptions.FilterOptionOneofCase.Filter)
                    {
                        throw RejectedException.InvalidArgument("filter applies to $all only; a stream read takes no_filter");
                    }
                    var stream = StreamName(options.Stream);
                    await (subscription
                        ? SubscribeStreamAsync(stream, options.Stream, read, context)
                        : ReadStreamAsync(stream, options.Stream, forwards, Count(options), read));
                    break;
                case ReadOptions.StreamOptionOneofCase.All:
                    var filter = FilterOf(options);
                    await (subscription
                        ? SubscribeAllAsync(options.All, filter, options.FilterOptionCase == ReadOptions.FilterOptionOneofCase.Filter, read, context)
                        : ReadAllAsync(options.All, filter, forwards, Count(options), read));
                    break;
                default:
                    throw RejectedException.InvalidArgument("options.stream or options.all is required");
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the host is stopping: subscribe again (from the last position received) to another host or after its restart"));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client left: nothing more to say.
        }
    }

    public override Task<AppendResp> Append(IAsyncStreamReader<AppendReq> requestStream, ServerCallContext context) =>
        throw Refused(context.Method);

    public override Task<DeleteResp> Delete(DeleteReq request, ServerCallContext context) => throw Refused(context.Method);

    public override Task<TombstoneResp> Tombstone(TombstoneReq request, ServerCallContext context) => throw Refused(context.Method);

    private async Task ReadStreamAsync(string stream, ReadOptions.Types.StreamOptions options, bool forwards, long count, Reading read)
    {
        if (!await feed.StreamExistsAsync(stream, read.Cancellation))
        {
            await read.WriteAsync(EventStoreWire.StreamNotFound(stream));
            return;
        }
        var from = options.RevisionOptionCase switch
        {
            ReadOptions.Types.StreamOptions.RevisionOptionOneofCase.Revision => Clamp(options.Revision),
            ReadOptions.Types.StreamOptions.RevisionOptionOneofCase.End => forwards ? Beyond : Beyond - 1,
            _ => 0,
        };
        var sent = 0L;
        while (sent < count && from >= 0)
        {
            var asked = (int)Math.Min(PageSize, count - sent);
            var page = await feed.ReadStreamAsync(stream, from, forwards, asked, read.Reader, read.Cancellation);
            await read.WriteAsync(page);
            sent += page.Length;
            if (page.Length < asked)
            {
                break;
            }
            from = forwards ? page[^1].Revision + 1 : page[^1].Revision - 1;
        }
        if (sent == 0 && !read.Reader.SeesEverything && !await SeesAnyAsync(stream, read))
        {
            throw NotParty(stream);
        }
    }

    private async Task ReadAllAsync(ReadOptions.Types.AllOptions? options, FeedFilter filter, bool forwards, long count, Reading read)
    {
        var start = options?.AllOptionCase ?? ReadOptions.Types.AllOptions.AllOptionOneofCase.Start;
        var position = options?.Position is { } p ? Clamp(p.CommitPosition) : 0;
        // Forwards from a position includes the event at it; backwards from a position gives the events before it.
        var (after, upTo) = (forwards, start) switch
        {
            (true, ReadOptions.Types.AllOptions.AllOptionOneofCase.Position) => (Math.Max(position - 1, 0), await feed.LastPositionAsync(read.Cancellation)),
            (true, ReadOptions.Types.AllOptions.AllOptionOneofCase.End) => (0L, 0L),
            (true, _) => (0L, await feed.LastPositionAsync(read.Cancellation)),
            (false, ReadOptions.Types.AllOptions.AllOptionOneofCase.Position) => (0L, position),
            (false, ReadOptions.Types.AllOptions.AllOptionOneofCase.End) => (0L, Beyond),
            (false, _) => (0L, 0L),
        };
        var sent = 0L;
        while (sent < count && (forwards ? after < upTo : upTo > 1))
        {
            var asked = (int)Math.Min(PageSize, count - sent);
            var page = await feed.ReadAllAsync(after, upTo, forwards, asked, read.Reader, filter, read.Cancellation);
            await read.WriteAsync(page);
            sent += page.Length;
            if (page.Length < asked)
            {
                break;
            }
            (after, upTo) = forwards ? (page[^1].Position, upTo) : (0, page[^1].Position);
        }
    }

    private async Task<bool> SeesAnyAsync(string stream, Reading read) =>
        !(await feed.ReadStreamAsync(stream, 0, forwards: true, 1, read.Reader, read.Cancellation)).IsEmpty;

    /// <summary>Whose reading this is: officers read everything, a region what it is party to, a platform its province's.</summary>
    private static FeedReader ReaderOf(ServerCallContext context) => CallerAccess.Of(context) switch
    {
        { Role: CallerRole.Officer } => FeedReader.Everything,
        { Role: CallerRole.Region } caller => new FeedReader(caller.Scope, null),
        { Role: CallerRole.Platform } caller => new FeedReader(null, caller.Scope),
        var caller => throw new RpcException(new Status(StatusCode.PermissionDenied, $"caller {caller} may not read the event streams")),
    };

    private static string StreamName(ReadOptions.Types.StreamOptions options)
    {
        var name = options.StreamIdentifier?.StreamName.ToStringUtf8() ?? "";
        if (name.Length is 0 or > 200)
        {
            throw RejectedException.InvalidArgument("options.stream.stream_identifier.stream_name must name a stream (1 to 200 bytes), e.g. person:P123");
        }
        if (name == "$all")
        {
            throw RejectedException.InvalidArgument("$all is read with options.all, not as a stream");
        }
        return name;
    }

    private static long Count(ReadOptions options) =>
        options.CountOptionCase == ReadOptions.CountOptionOneofCase.Count ? Clamp(options.Count) : Beyond;

    private static FeedFilter FilterOf(ReadOptions options)
    {
        if (options.FilterOptionCase != ReadOptions.FilterOptionOneofCase.Filter)
        {
            return FeedFilter.None;
        }
        var filter = options.Filter;
        var (expression, byStream) = filter.FilterCase switch
        {
            ReadOptions.Types.FilterOptions.FilterOneofCase.StreamIdentifier => (filter.StreamIdentifier, true),
            ReadOptions.Types.FilterOptions.FilterOneofCase.EventType => (filter.EventType, false),
            _ => throw RejectedException.InvalidArgument("options.filter needs stream_identifier or event_type"),
        };
        if (expression.Prefix.Count > 100 || expression.Prefix.Any(p => p.Length > 200) || expression.Regex.Length > 1000)
        {
            throw RejectedException.InvalidArgument("options.filter is too large: at most 100 prefixes of 200 characters, a regex of 1000");
        }
        var regex = expression.Regex.Length == 0 ? null : expression.Regex;
        return byStream
            ? new FeedFilter([.. expression.Prefix], regex, [], null)
            : new FeedFilter([], null, [.. expression.Prefix], regex);
    }

    private static long Clamp(ulong value) => value >= Beyond ? Beyond : (long)value;

    private static string SubscriptionId(ServerCallContext context) => Guid.NewGuid().ToString("N");

    private static RpcException NotParty(string stream) => new(
        new Status(StatusCode.PermissionDenied, $"the caller is not a party to any event of stream {stream}"),
        new Metadata { { "exception", "access-denied" } });

    private static RpcException Refused(string method) => new(
        new Status(StatusCode.PermissionDenied,
            $"{method.TrimStart('/')} is refused: the clearinghouse's event streams are read-only here; every change goes through the clearinghouse API (clearinghouse.v1), which validates and authorizes it"),
        new Metadata { { "exception", "access-denied" } });

    /// <summary>One read's writer, reader and cancellation.</summary>
    private sealed record Reading(IServerStreamWriter<ReadResp> Responses, FeedReader Reader, bool Structured, CancellationToken Cancellation)
    {
        public Task WriteAsync(ReadResp response) => Responses.WriteAsync(response, Cancellation);

        /// <summary>
        /// A page's events, flushed once after the last: a subscriber that follows $all under load gets hundreds of
        /// events a page, and a flush (a TLS record and a socket write) per event cost the settlement path's cores more
        /// than the events themselves.
        /// </summary>
        public async Task WriteAsync(IReadOnlyList<FeedEvent> events)
        {
            for (var i = 0; i < events.Count; i++)
            {
                Responses.WriteOptions = i < events.Count - 1 ? Buffered : null;
                await Responses.WriteAsync(EventStoreWire.Event(events[i], Structured), Cancellation);
            }
        }

        private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);
    }
}
