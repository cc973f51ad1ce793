using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Clearinghouse.Api.CallerLimits;

/// <summary>
/// A token bucket per caller (System.Threading.RateLimiting), refilled by one timer for all of them. A
/// caller's bucket is made on its first mutating call and kept: callers are the agencies, platforms and
/// people holding certificates, a bounded set, and a bucket is a few hundred bytes. Keeping it also lets a
/// stream hold its caller's bucket for its lifetime.
/// </summary>
public sealed class CallerRateLimits : IDisposable
{
    /// <summary>A refill at most every 100 ms keeps the rate smooth; fewer, larger refills would let bursts through.</summary>
    private const int RefillsPerSecond = 10;

    private readonly ConcurrentDictionary<string, CallerBucket> _buckets = new(StringComparer.Ordinal);
    private readonly CallerLimitsOptions _options;
    private readonly int _tokensPerRefill;
    private readonly TimeSpan _refillPeriod;
    private readonly ITimer _timer;

    public CallerRateLimits(CallerLimitsOptions options, RateLimitTimer timer)
    {
        options.Validate();
        _options = options;
        // Whole tokens per refill, at exactly the configured rate: 20,000/s is 2,000 every 100 ms; 5/s is
        // 1 every 200 ms; 15/s is 2 every 133.3 ms.
        _tokensPerRefill = (options.PermitsPerSecond + RefillsPerSecond - 1) / RefillsPerSecond;
        _refillPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerSecond * _tokensPerRefill / options.PermitsPerSecond);
        _timer = timer.Time.CreateTimer(_ => Refill(), null, _refillPeriod, _refillPeriod);
    }

    /// <summary>The caller's bucket; no allocation once the caller has one.</summary>
    public CallerBucket For(string caller) =>
        _buckets.GetOrAdd(caller, static (key, self) => self.Create(key), this);

    private CallerBucket Create(string caller) => new(caller, new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = _options.Burst,
        TokensPerPeriod = _tokensPerRefill,
        ReplenishmentPeriod = _refillPeriod,
        // Refilled by this class's one timer (each TryReplenish adds TokensPerPeriod), not a timer per caller.
        AutoReplenishment = false,
        // Refuse at once rather than queue: the client decides whether and when to retry.
        QueueLimit = 0,
    }), _options.PermitsPerSecond);

    private void Refill()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Limiter.TryReplenish();
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        foreach (var bucket in _buckets.Values)
        {
            bucket.Limiter.Dispose();
        }
    }
}
