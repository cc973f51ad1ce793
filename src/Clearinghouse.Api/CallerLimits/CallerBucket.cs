using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.Core;

namespace Clearinghouse.Api.CallerLimits;

/// <summary>
/// One caller's token bucket of mutating requests. Taking a token allocates nothing (a granted lease is
/// the limiter's shared instance); only a refusal builds its message.
/// </summary>
public sealed class CallerBucket(string caller, TokenBucketRateLimiter limiter, int permitsPerSecond)
{
    public string Caller => caller;

    internal TokenBucketRateLimiter Limiter => limiter;

    /// <summary>Null when the request may go ahead (its token taken); otherwise the RESOURCE_EXHAUSTED status to answer.</summary>
    public Status? Refusal()
    {
        using var lease = limiter.AttemptAcquire(1);
        if (lease.IsAcquired)
        {
            return null;
        }
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limiter.ReplenishmentPeriod;
        return new Status(StatusCode.ResourceExhausted, string.Create(CultureInfo.InvariantCulture,
            $"rate limit of {permitsPerSecond} requests/s for caller {caller} exceeded; retry after {Math.Ceiling(retryAfter.TotalMilliseconds)} ms"));
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
