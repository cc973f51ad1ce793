using System.Collections.Concurrent;

namespace Clearinghouse.Api.CallerLimits;

/// <summary>
/// A token bucket per caller. A caller's bucket is made on its first mutating call and kept: callers are
/// the agencies, platforms and people holding certificates, a bounded set, and a bucket is under a hundred
/// bytes. Keeping it also lets a stream hold its caller's bucket for its lifetime. Buckets fill as they are
/// used (from the time since their last use), so no timer runs.
/// </summary>
public sealed class CallerRateLimits
{
    private readonly ConcurrentDictionary<string, CallerBucket> _buckets = new(StringComparer.Ordinal);
    private readonly CallerLimitsOptions _options;
    private readonly TimeProvider _time;

    public CallerRateLimits(CallerLimitsOptions options, RateLimitClock clock)
    {
        options.Validate();
        _options = options;
        _time = clock.Time;
    }

    /// <summary>The caller's bucket; no allocation once the caller has one.</summary>
    public CallerBucket For(string caller) =>
        _buckets.GetOrAdd(caller, static (key, self) => new CallerBucket(key, self._options, self._time), this);
}
