using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>
/// What one load phase has seen so far, safe for all its callers at once: counts, latencies, errors by status,
/// and everything the verification needs (what was accepted, which outcomes are unknown).
/// </summary>
public sealed class LoadTally
{
    private readonly LatencyHistogram _settleLatency = new();
    private readonly LatencyHistogram _reverseLatency = new();
    private LatencyHistogram _intervalLatency = new();

    private readonly ConcurrentDictionary<string, long> _retries = new();
    private readonly ConcurrentDictionary<string, string> _errorSamples = new();
    private readonly ConcurrentQueue<AcceptedSettlement> _accepted = new();
    private readonly ConcurrentQueue<AcceptedReversal> _reversals = new();
    private readonly ConcurrentQueue<string> _unknownSettleRequests = new();
    private readonly ConcurrentQueue<string> _unknownReversals = new();
    private readonly ConcurrentQueue<string> _answerProblems = new();

    private long _sent;
    private long _acceptedCount;
    private long _reversalCount;
    private long _errorCount;
    private long _retryCount;
    private long _inFlight;
    private long _maxLagTicks;

    /// <summary>Final failures of Settle calls, by status.</summary>
    public ConcurrentDictionary<string, long> SettleErrors { get; } = new();

    /// <summary>Final failures of Reverse calls, by status.</summary>
    public ConcurrentDictionary<string, long> ReverseErrors { get; } = new();

    public long Accepted => Interlocked.Read(ref _acceptedCount);
    public long Reversals => Interlocked.Read(ref _reversalCount);
    public long Errors => Interlocked.Read(ref _errorCount);
    public long RetryCount => Interlocked.Read(ref _retryCount);
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Claims the next send; false once <paramref name="count"/> sends are claimed.</summary>
    public bool ClaimSend(long? count)
    {
        var n = Interlocked.Increment(ref _sent);
        if (count is { } most && n > most)
        {
            Interlocked.Decrement(ref _sent);
            return false;
        }
        return true;
    }

    public void CallStarted() => Interlocked.Increment(ref _inFlight);

    public void CallEnded() => Interlocked.Decrement(ref _inFlight);

    /// <summary>How far behind its scheduled time a send went out (open loop), in Stopwatch ticks; the largest is kept.</summary>
    public void SendLag(long ticks)
    {
        if (ticks > Interlocked.Read(ref _maxLagTicks))
        {
            Interlocked.Exchange(ref _maxLagTicks, ticks);
        }
    }

    public void SettlementAccepted(long micros)
    {
        _settleLatency.Record(micros);
        Volatile.Read(ref _intervalLatency).Record(micros);
        Interlocked.Increment(ref _acceptedCount);
    }

    public void Told(AcceptedSettlement settlement) => _accepted.Enqueue(settlement);

    public void ReversalAccepted(long micros)
    {
        _reverseLatency.Record(micros);
        Interlocked.Increment(ref _reversalCount);
    }

    public void Told(AcceptedReversal reversal) => _reversals.Enqueue(reversal);

    /// <summary>An answer that broke a rule when it arrived (checked again against the ledger later).</summary>
    public void AnswerProblem(string problem) => _answerProblems.Enqueue(problem);

    public void SettleOutcomeUnknown(string requestId) => _unknownSettleRequests.Enqueue(requestId);

    public void ReversalOutcomeUnknown(string settlementId) => _unknownReversals.Enqueue(settlementId);

    public void Retried(string rpc, StatusCode status)
    {
        Count(_retries, rpc + " " + status);
        Interlocked.Increment(ref _retryCount);
    }

    public void Failed(ConcurrentDictionary<string, long> errors, StatusCode status)
    {
        Count(errors, status.ToString());
        Interlocked.Increment(ref _errorCount);
    }

    /// <summary>Keeps the first detail seen for each call and status, for the report.</summary>
    public void Sample(string call, RpcException e) => _errorSamples.TryAdd($"{call} {e.StatusCode}", e.Status.Detail);

    /// <summary>The settle latencies since the last call (the progress line's window), starting a new window.</summary>
    public LatencyHistogram TakeIntervalLatency() => Interlocked.Exchange(ref _intervalLatency, new LatencyHistogram());

    public LoadResult ToResult(double seconds, string mode, double offeredRate, ResourceUsage usage) => new()
    {
        Seconds = seconds,
        Mode = mode,
        OfferedRate = offeredRate,
        Sent = Interlocked.Read(ref _sent),
        Accepted = Accepted,
        Reversals = Reversals,
        SettleErrors = new SortedDictionary<string, long>(SettleErrors),
        ReverseErrors = new SortedDictionary<string, long>(ReverseErrors),
        Retries = new SortedDictionary<string, long>(_retries),
        ErrorSamples = new SortedDictionary<string, string>(_errorSamples),
        SettleLatency = _settleLatency.Summary(),
        ReverseLatency = _reverseLatency.Summary(),
        MaxSendLagMs = Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _maxLagTicks)).TotalMilliseconds,
        HostCpuSeconds = usage.HostCpuSeconds,
        LoadGenCpuSeconds = usage.LoadGenCpuSeconds,
        LoadGenGc = usage.LoadGenGc,
        PostgresCpuSeconds = usage.PostgresCpuSeconds,
        MachineCpuSeconds = usage.MachineCpuSeconds,
        MachineCpuBusy = usage.MachineCpuBusy,
        AcceptedSettlements = [.. _accepted],
        AcceptedReversals = [.. _reversals],
        UnknownSettleRequestIds = [.. _unknownSettleRequests],
        UnknownReversalSettlementIds = [.. _unknownReversals],
        AnswerProblems = [.. _answerProblems],
    };

    private static void Count(ConcurrentDictionary<string, long> counts, string key) =>
        counts.AddOrUpdate(key, 1, (_, n) => n + 1);
}
