using Clearinghouse.EventStore.Protocol;
using Clearinghouse.Grains.Storage;
using Grpc.Core;
using ReadOptions = Clearinghouse.EventStore.Protocol.ReadReq.Types.Options;

namespace Clearinghouse.Api.EventStore;

/// <summary>
/// Catch-up subscriptions: confirmed, then the history from where they start, then caught_up, then each event as
/// it commits; live, they wait on the <see cref="CommitWatermark"/> and read on from their own position.
/// </summary>
public sealed partial class StreamsGrpcService
{
    /// <summary>A filtered subscription's checkpoints while live: at most one per interval while the position moves.</summary>
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    private async Task SubscribeStreamAsync(string stream, ReadOptions.Types.StreamOptions options, Reading read, ServerCallContext context)
    {
        // A subscription delivers what follows its starting revision; from the end, only what commits from now on.
        var next = options.RevisionOptionCase switch
        {
            ReadOptions.Types.StreamOptions.RevisionOptionOneofCase.Revision => Clamp(options.Revision) + 1,
            ReadOptions.Types.StreamOptions.RevisionOptionOneofCase.End => await NextRevisionAsync(stream, read.Cancellation),
            _ => 0,
        };
        await read.WriteAsync(EventStoreWire.Confirmation(SubscriptionId(context)));
        var caughtUp = false;
        while (true)
        {
            // The position is read before the stream: whatever commits after it moves the watermark and is read next round.
            var mark = await feed.LastPositionAsync(read.Cancellation);
            while (true)
            {
                var page = await feed.ReadStreamAsync(stream, next, forwards: true, PageSize, read.Reader, read.Cancellation);
                await read.WriteAsync(page);
                if (page.Length > 0)
                {
                    next = page[^1].Revision + 1;
                }
                if (page.Length < PageSize)
                {
                    break;
                }
            }
            if (!caughtUp)
            {
                caughtUp = true;
                await read.WriteAsync(EventStoreWire.CaughtUp);
            }
            await watermark.WaitBeyondAsync(mark, read.Cancellation);
        }
    }

    private async Task SubscribeAllAsync(ReadOptions.Types.AllOptions? options, FeedFilter filter, bool checkpoints, Reading read, ServerCallContext context)
    {
        // A subscription delivers what commits after its starting position; from the end, only what commits from now on.
        var after = options?.AllOptionCase switch
        {
            ReadOptions.Types.AllOptions.AllOptionOneofCase.Position => Clamp(options.Position.CommitPosition),
            ReadOptions.Types.AllOptions.AllOptionOneofCase.End => await feed.LastPositionAsync(read.Cancellation),
            _ => 0,
        };
        await read.WriteAsync(EventStoreWire.Confirmation(SubscriptionId(context)));
        var caughtUp = false;
        var checkpointed = DateTimeOffset.MinValue;
        while (true)
        {
            var mark = await feed.LastPositionAsync(read.Cancellation);
            while (after < mark)
            {
                var page = await feed.ReadAllAsync(after, mark, forwards: true, PageSize, read.Reader, filter, read.Cancellation);
                await read.WriteAsync(page);
                after = page.Length < PageSize ? mark : page[^1].Position;
            }
            after = Math.Max(after, mark);
            if (!caughtUp)
            {
                caughtUp = true;
                await read.WriteAsync(EventStoreWire.CaughtUp);
            }
            // Everything up to the mark was scanned: a filtered reader may resume from there without reading it again.
            if (checkpoints && DateTimeOffset.UtcNow - checkpointed >= CheckpointInterval)
            {
                checkpointed = DateTimeOffset.UtcNow;
                await read.WriteAsync(EventStoreWire.Checkpoint(after));
            }
            await watermark.WaitBeyondAsync(after, read.Cancellation);
        }
    }

    private async Task<long> NextRevisionAsync(string stream, CancellationToken cancellationToken)
    {
        var last = await feed.ReadStreamAsync(stream, Beyond - 1, forwards: false, 1, FeedReader.Everything, cancellationToken);
        return last.IsEmpty ? 0 : last[0].Revision + 1;
    }
}
