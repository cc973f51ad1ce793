namespace Clearinghouse.Api.CallerLimits;

/// <summary>
/// The time source whose timer refills the callers' token buckets: the system's, unless a test registers
/// one it ticks by hand (so a test of the limits never sleeps).
/// </summary>
public sealed record RateLimitTimer(TimeProvider Time);
