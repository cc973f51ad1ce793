using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>
/// --api stream: Settle requests multiplexed over long-lived SettleStream calls, --streams of them on each gRPC
/// channel of <see cref="Rpc"/> (--connections). <see cref="SettleAsync"/> looks to its caller like a unary Settle call:
/// it returns the settlement or throws the <see cref="RpcException"/> the unary call would have thrown (the
/// refusal's status, DEADLINE_EXCEEDED after --timeout, the broken call's status), so LoadPhase's retries,
/// error counts and unknown-outcome bookkeeping work unchanged and the two modes' figures stay comparable.
/// </summary>
/// <remarks>
/// Answers come in completion order and name their request_id (settlement.proto), so each call keeps the
/// requests waiting for an answer by request id. A call that breaks fails everything waiting on it (the
/// callers retry with the same request id, as after a lost unary call) and is replaced on its next use. One
/// instance serves one load phase; disposing it half-closes the calls, lets the server answer what it has
/// read, and ends them.
/// </remarks>
public sealed partial class SettleStreams : IAsyncDisposable
{
    private readonly Rpc _rpc;
    private readonly CancellationToken _abort;
    private readonly Lane[] _lanes;
    private int _next;
    private long _opened;
    private long _unmatched;
    private volatile bool _closed;

    /// <param name="abort">Cancels every call at once (the second Ctrl-C), so nothing waits on a stream.</param>
    public SettleStreams(Rpc rpc, int streamsPerConnection, CancellationToken abort)
    {
        _rpc = rpc;
        _abort = abort;
        // Several calls on one connection let HTTP/2 put their requests into one write: Grpc.Net.Client flushes
        // after every request of a call, but the connection's writer sends what all its calls queued meanwhile
        // in one go, so the load generator spends less of the cores it shares with the host (see
        // docs/performance.md).
        _lanes = [.. Enumerable.Range(0, rpc.Connections * streamsPerConnection).Select(i => new Lane(this, i % rpc.Connections))];
    }

    /// <summary>Streams used at once: --streams per channel.</summary>
    public int Streams => _lanes.Length;

    /// <summary>SettleStream calls opened; more than <see cref="Streams"/> means calls broke and were reopened.</summary>
    public long CallsOpened => Interlocked.Read(ref _opened);

    /// <summary>Answers for a request no longer waiting (it had timed out, or was aborted): ignored.</summary>
    public long UnmatchedAnswers => Interlocked.Read(ref _unmatched);

    /// <summary>
    /// Sends one Settle request on the next stream (round-robin) and waits for its answer at most --timeout,
    /// measured from now as a unary call's deadline is.
    /// </summary>
    public async Task<Settlement> SettleAsync(SettleRequest request, CancellationToken abort)
    {
        var call = _lanes[(uint)Interlocked.Increment(ref _next) % (uint)_lanes.Length].Current();
        var answer = call.Send(request);
        try
        {
            return await answer.Task.WaitAsync(_rpc.CallTimeout, abort);
        }
        catch (TimeoutException)
        {
            call.Forget(request.RequestId, answer);
            // The answer may have come in the same instant: then it is the answer, not a deadline.
            if (answer.Task.IsCompletedSuccessfully)
            {
                return answer.Task.Result;
            }
            // As a unary call's deadline: the outcome is unknown, and LoadPhase retries with the same request id.
            throw new RpcException(new Status(StatusCode.DeadlineExceeded,
                $"no answer on SettleStream within {_rpc.CallTimeout.TotalSeconds:0} s"));
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            call.Forget(request.RequestId, answer);
            // What a unary call throws when its cancellation token fires.
            throw new RpcException(new Status(StatusCode.Cancelled, "the load generator was aborted"));
        }
    }

    /// <summary>
    /// Half-closes every call, waits (at most --timeout, or until abort) for the server to answer what it has
    /// read and end the call, then ends what is left. Called when the load phase has no request in flight.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _closed = true;
        var calls = _lanes.Select(lane => lane.Close()).OfType<StreamCall>().ToList();
        foreach (var call in calls)
        {
            call.Complete();
        }
        try
        {
            await Task.WhenAll(calls.Select(c => c.Finished)).WaitAsync(_rpc.CallTimeout, _abort);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
        }
        foreach (var call in calls)
        {
            call.Break(new Status(StatusCode.Cancelled, "the load phase ended before SettleStream did"));
        }
    }
}
