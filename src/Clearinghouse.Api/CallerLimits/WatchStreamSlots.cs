using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Grpc.Core;

namespace Clearinghouse.Api.CallerLimits;

/// <summary>
/// A cap on the WatchPeriods streams one caller holds open at once: each stream holds a slot of its
/// caller's ConcurrencyLimiter until it ends, however it ends (completion, cancellation, a broken connection).
/// </summary>
public sealed class WatchStreamSlots(CallerLimitsOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrencyLimiter> _callers = new(StringComparer.Ordinal);

    /// <summary>A slot for one more stream of the caller, to dispose when the stream ends; RESOURCE_EXHAUSTED when all are taken.</summary>
    public RateLimitLease Enter(string caller)
    {
        var limiter = _callers.GetOrAdd(caller, static (_, max) => new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = max,
            QueueLimit = 0,
        }), options.MaxWatchStreams);
        var lease = limiter.AttemptAcquire(1);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"caller {caller} already holds {options.MaxWatchStreams} WatchPeriods streams, the most one caller may hold open at once; end one first"));
        }
        return lease;
    }

    /// <summary>Slots the caller holds now.</summary>
    public int Held(string caller) =>
        _callers.TryGetValue(caller, out var limiter) ? options.MaxWatchStreams - (int)(limiter.GetStatistics()?.CurrentAvailablePermits ?? options.MaxWatchStreams) : 0;

    public void Dispose()
    {
        foreach (var limiter in _callers.Values)
        {
            limiter.Dispose();
        }
    }
}
