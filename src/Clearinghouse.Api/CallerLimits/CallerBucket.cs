using System.Globalization;
using Grpc.Core;

namespace Clearinghouse.Api.CallerLimits;

/// <summary>
/// One caller's token bucket of mutating requests: it holds up to Burst tokens and fills at PermitsPerSecond,
/// continuously, as the clock's timestamp advances; each request takes one. Taking a token is a short lock
/// and a timestamp read, and allocates nothing; only a refusal builds its message. (System.Threading.RateLimiting's
/// TokenBucketRateLimiter reads the system's stopwatch even when refilled by hand, so its refills could not
/// follow a test's clock: this bucket is the same algorithm on a TimeProvider.)
/// </summary>
public sealed class CallerBucket
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly int _permitsPerSecond;

    /// <summary>Credit is counted in 1/frequency of a token, so a timestamp tick adds exactly PermitsPerSecond units.</summary>
    private readonly long _token;
    private readonly long _capacity;
    private readonly long _ticksToFill;
    private long _credit;
    private long _lastTimestamp;

    public CallerBucket(string caller, CallerLimitsOptions options, TimeProvider time)
    {
        Caller = caller;
        _time = time;
        _permitsPerSecond = options.PermitsPerSecond;
        _token = time.TimestampFrequency;
        // Burst ≤ int.MaxValue and a frequency of 10^9 keep this below 2.2 × 10^18, inside Int64.
        _capacity = options.Burst * _token;
        _ticksToFill = (_capacity + _permitsPerSecond - 1) / _permitsPerSecond;
        _credit = _capacity;
        _lastTimestamp = time.GetTimestamp();
    }

    public string Caller { get; }

    /// <summary>Null when the request may go ahead (its token taken); otherwise the RESOURCE_EXHAUSTED status to answer.</summary>
    public Status? Refusal()
    {
        long wait;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var elapsed = now - _lastTimestamp;
            _lastTimestamp = now;
            // Below _ticksToFill the product stays below the capacity: no overflow.
            _credit = elapsed >= _ticksToFill ? _capacity : Math.Min(_capacity, _credit + elapsed * _permitsPerSecond);
            if (_credit >= _token)
            {
                _credit -= _token;
                return null;
            }
            wait = (_token - _credit + _permitsPerSecond - 1) / _permitsPerSecond;
        }
        var retryAfterMs = Math.Ceiling(wait * 1000.0 / _token);
        return new Status(StatusCode.ResourceExhausted, string.Create(CultureInfo.InvariantCulture,
            $"rate limit of {_permitsPerSecond} requests/s for caller {Caller} exceeded; retry after {retryAfterMs} ms"));
    }

    /// <summary>Takes a token or throws the refusal.</summary>
    public void Take()
    {
        if (Refusal() is { } refused)
        {
            throw new RpcException(refused);
        }
    }

    /// <summary>The caller's bucket a streaming call was given by <see cref="CallerLimitsInterceptor"/>; null when limits are off.</summary>
    public static CallerBucket? OfStream(ServerCallContext context) =>
        context.UserState.TryGetValue(typeof(CallerBucket), out var bucket) ? (CallerBucket)bucket : null;

    internal void AttachTo(ServerCallContext context) => context.UserState[typeof(CallerBucket)] = this;
}
