using System.Collections.Concurrent;
using System.Threading.Channels;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.LoadGen.Settle;

public sealed partial class SettleStreams
{
    /// <summary>
    /// One SettleStream call: the requests waiting for an answer, a send queue drained by a single sender loop
    /// (RequestStream.WriteAsync must not be called concurrently) and a reader loop that hands out answers.
    /// </summary>
    private sealed class StreamCall
    {
        private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);
        private static readonly WriteOptions Flushed = WriteOptions.Default;

        private readonly SettleStreams _owner;
        private readonly AsyncDuplexStreamingCall<SettleRequest, SettleOutcome> _call;
        private readonly ConcurrentDictionary<string, TaskCompletionSource<Settlement>> _waiting = new(StringComparer.Ordinal);
        private readonly Channel<SettleRequest> _queue =
            Channel.CreateUnbounded<SettleRequest>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
        // Orders Send against Break and Complete: a request is either registered and queued before the call
        // breaks (and then failed by Break's sweep) or sees the break and fails at once, never left waiting.
        private readonly Lock _gate = new();
        private RpcException? _failure;
        private readonly Task _reading;

        public StreamCall(SettleStreams owner, AsyncDuplexStreamingCall<SettleRequest, SettleOutcome> call)
        {
            _owner = owner;
            _call = call;
            _reading = Task.Run(ReadLoop);
            Finished = Task.WhenAll(Task.Run(SendLoop), _reading);
        }

        public bool IsBroken => Volatile.Read(ref _failure) is not null;

        /// <summary>Both loops have ended (they never throw).</summary>
        public Task Finished { get; }

        public TaskCompletionSource<Settlement> Send(SettleRequest request)
        {
            // Answers are completed by the reader loop: their continuations (the callers) must not run on it.
            var answer = new TaskCompletionSource<Settlement>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (_failure is { } failure)
                {
                    answer.SetException(new RpcException(failure.Status));
                    return answer;
                }
                // LoadPhase retries a request only after its previous attempt ended, so ids waiting are unique.
                if (!_waiting.TryAdd(request.RequestId, answer))
                {
                    throw new InvalidOperationException($"request {request.RequestId} is already waiting on this SettleStream");
                }
                if (!_queue.Writer.TryWrite(request))
                {
                    // Completed by DisposeAsync: the phase has ended.
                    _waiting.TryRemove(request.RequestId, out _);
                    answer.SetException(new RpcException(new Status(StatusCode.Unavailable, "SettleStream is closing")));
                }
            }
            return answer;
        }

        /// <summary>A request stops waiting (timed out or aborted): a later answer for it is unmatched.</summary>
        public void Forget(string requestId, TaskCompletionSource<Settlement> answer) =>
            _waiting.TryRemove(new KeyValuePair<string, TaskCompletionSource<Settlement>>(requestId, answer));

        /// <summary>No more requests: the sender half-closes after the last queued one.</summary>
        public void Complete()
        {
            lock (_gate)
            {
                _queue.Writer.TryComplete();
            }
        }

        /// <summary>
        /// The call is over (broken, ended, or closed): every request still waiting fails with its status, and the
        /// call is disposed (cancelled if still running). The first status wins; later calls do nothing.
        /// </summary>
        public void Break(Status status)
        {
            // A call cancelled without our abort (reset by the server, closed) loses the answers of the requests it
            // carried, which the server may still complete: for them that is UNAVAILABLE (outcome unknown, send
            // again with the same request id, settlement.proto), not the final CANCELLED LoadPhase never retries.
            if (status.StatusCode == StatusCode.Cancelled && !_owner._abort.IsCancellationRequested)
            {
                status = new Status(StatusCode.Unavailable, $"the SettleStream call was cancelled before answering: {status.Detail}");
            }
            lock (_gate)
            {
                if (_failure is not null)
                {
                    return;
                }
                Volatile.Write(ref _failure, new RpcException(status));
                _queue.Writer.TryComplete();
            }
            foreach (var requestId in _waiting.Keys)
            {
                if (_waiting.TryRemove(requestId, out var answer))
                {
                    // A fresh exception each: one instance rethrown by many callers would mix their stack traces.
                    answer.TrySetException(new RpcException(status));
                }
            }
            _call.Dispose();
        }

        private async Task SendLoop()
        {
            var stream = _call.RequestStream;
            var queue = _queue.Reader;
            try
            {
                // Ends once the queue is completed and drained (DisposeAsync), or broken (Break).
                while (await queue.WaitToReadAsync(CancellationToken.None))
                {
                    while (!IsBroken && queue.TryRead(out var request))
                    {
                        // While more requests are queued, ask only to buffer; the last one available flushes, so a
                        // burst of requests can go out in one flush instead of one each. Grpc.Net.Client 2.85 ignores
                        // the hint and flushes after every write anyway (100 hinted writes, 101 flushes, measured
                        // against a counting stream); a client that honours it batches. (The single-reader channel
                        // cannot Count, but can Peek.)
                        stream.WriteOptions = queue.TryPeek(out _) ? Buffered : Flushed;
                        await stream.WriteAsync(request);
                    }
                    if (IsBroken)
                    {
                        return;
                    }
                }
                // Half-close: the server answers every request it has read, then ends the call with OK.
                await stream.CompleteAsync();
            }
            catch (Exception e)
            {
                // A write fails once the call is over, mostly saying only that (CANCELLED); the reader learns how
                // it ended (the server's status, e.g. UNIMPLEMENTED). Let the reader report that first.
                await Task.WhenAny(_reading, Task.Delay(TimeSpan.FromSeconds(1)));
                Break(StatusOf(e, "sending on SettleStream failed"));
            }
        }

        private async Task ReadLoop()
        {
            Status end;
            try
            {
                await foreach (var outcome in _call.ResponseStream.ReadAllAsync(CancellationToken.None))
                {
                    Answer(outcome);
                }
                // Ended with OK: after a half-close nothing is waiting; otherwise the server ended the call early and
                // whatever still waits has an unknown outcome (retried with the same request id).
                end = new Status(StatusCode.Unavailable, "SettleStream ended before answering this request");
            }
            catch (Exception e)
            {
                end = StatusOf(e, "reading SettleStream failed");
            }
            Break(end);
        }

        private void Answer(SettleOutcome outcome)
        {
            if (!_waiting.TryRemove(outcome.RequestId, out var answer))
            {
                Interlocked.Increment(ref _owner._unmatched);
                return;
            }
            switch (outcome.ResultCase)
            {
                case SettleOutcome.ResultOneofCase.Settlement:
                    answer.TrySetResult(outcome.Settlement);
                    break;
                case SettleOutcome.ResultOneofCase.Status when outcome.Status.Code != (int)StatusCode.OK:
                    // The status the unary Settle call would have ended with.
                    answer.TrySetException(new RpcException(new Status((StatusCode)outcome.Status.Code, outcome.Status.Message)));
                    break;
                default:
                    answer.TrySetException(new RpcException(new Status(StatusCode.Internal,
                        $"SettleStream answered {outcome.RequestId} with neither a settlement nor a failing status")));
                    break;
            }
        }

        private Status StatusOf(Exception e, string what) => e switch
        {
            RpcException rpc => rpc.Status,
            _ when _owner._abort.IsCancellationRequested => new Status(StatusCode.Cancelled, "the load generator was aborted"),
            _ => new Status(StatusCode.Unavailable, $"{what}: {e.GetType().Name}: {e.Message}", e),
        };
    }
}
