using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Clearinghouse.Api.CallerLimits;
using Grpc.Core;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>
/// SettleStream: many Settle requests on one long-lived call, for platforms that send continuously. A
/// unary call costs the host an HTTP/2 stream, its headers and trailers, and a socket write for every
/// answer; on one stream, answers that complete together leave in one write. Each request is handled
/// exactly as <see cref="Settle"/> handles it, so its answer (or refusal) is the one a unary call gives.
/// </summary>
public sealed partial class SettlementGrpcService
{
    /// <summary>
    /// Requests of one call handled at once. Beyond it the next request is not read, so HTTP/2 flow
    /// control holds back a client that sends faster than the clearinghouse commits, and one call can
    /// neither queue unbounded work nor keep unbounded answers in memory.
    /// </summary>
    public const int MaxInFlightPerStream = 1_024;

    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    public override async Task SettleStream(
        IAsyncStreamReader<V1.SettleRequest> requests, IServerStreamWriter<V1.SettleOutcome> responses, ServerCallContext context)
    {
        // A slot is taken when a request is read and given back once its answer is written.
        using var slots = new SemaphoreSlim(MaxInFlightPerStream, MaxInFlightPerStream);
        // Every request of the stream counts against the caller's rate limit (CallerLimits/CallerLimitsInterceptor).
        var bucket = CallerBucket.OfStream(context);
        var outcomes = Channel.CreateUnbounded<V1.SettleOutcome>(new UnboundedChannelOptions { SingleReader = true });
        var writing = WriteOutcomes(outcomes.Reader, responses, slots);
        try
        {
            await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
            {
                await slots.WaitAsync(context.CancellationToken);
                _ = Answer(request, bucket, outcomes.Writer, context);
            }
            // The client has half-closed: every request read is answered before the call ends.
            for (var i = 0; i < MaxInFlightPerStream; i++)
            {
                await slots.WaitAsync(context.CancellationToken);
            }
        }
        finally
        {
            // On cancellation, answers still to come are dropped (TryWrite fails): their requests complete
            // in the grains all the same, and a retry with the same request_id returns them.
            outcomes.Writer.TryComplete();
            try
            {
                await writing;
            }
            catch (Exception) when (context.CancellationToken.IsCancellationRequested)
            {
                // The client went away: its answers had nowhere to go. The call ends as cancelled, not failed.
            }
        }
    }

    /// <summary>Settles one request of the stream; never throws: a failure is the request's answer.</summary>
    private async Task Answer(V1.SettleRequest request, CallerBucket? bucket, ChannelWriter<V1.SettleOutcome> outcomes, ServerCallContext context)
    {
        var outcome = new V1.SettleOutcome { RequestId = request.RequestId };
        try
        {
            // A request beyond the caller's rate is answered RESOURCE_EXHAUSTED and the stream stays open.
            if (bucket?.Refusal() is { } refused)
            {
                outcome.Status = new V1.RequestStatus { Code = (int)refused.StatusCode, Message = refused.Detail };
            }
            else
            {
                outcome.Settlement = await Settle(request, context);
            }
        }
        catch (Exception e)
        {
            var status = RejectionInterceptor.ToStatus(e, context, databaseFailures, logger);
            outcome.Status = new V1.RequestStatus { Code = (int)status.StatusCode, Message = status.Detail };
        }
        metrics.Settled(outcome.Status is { } refusal ? (StatusCode)refusal.Code : StatusCode.OK);
        outcomes.TryWrite(outcome);
    }

    /// <summary>
    /// The only writer of the response stream (gRPC allows one write at a time). It flushes only when no
    /// further answer is ready. After a failed write (the client went away) it keeps taking answers without
    /// writing them, so the slots come back and the call can end; the failure is then the call's.
    /// </summary>
    private static async Task WriteOutcomes(ChannelReader<V1.SettleOutcome> outcomes, IServerStreamWriter<V1.SettleOutcome> responses, SemaphoreSlim slots)
    {
        Exception? failed = null;
        await foreach (var outcome in outcomes.ReadAllAsync())
        {
            if (failed is null)
            {
                try
                {
                    var more = outcomes.TryPeek(out _);
                    if (!more)
                    {
                        // Answers of one group commit come back within microseconds of each other, each by its
                        // own grain: one turn of the thread pool lets the next ones join this write.
                        await Task.Yield();
                        more = outcomes.TryPeek(out _);
                    }
                    responses.WriteOptions = more ? Buffered : null;
                    await responses.WriteAsync(outcome);
                }
                catch (Exception e)
                {
                    failed = e;
                }
            }
            slots.Release();
        }
        if (failed is not null)
        {
            ExceptionDispatchInfo.Throw(failed);
        }
    }
}
