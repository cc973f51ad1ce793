namespace Clearinghouse.Api.CallerLimits;

/// <summary>
/// The time the callers' token buckets fill by: the system's monotonic timestamp, unless a test registers
/// a clock it moves by hand (so a test of the limits is exact and never sleeps).
/// </summary>
public sealed record RateLimitClock(TimeProvider Time);
