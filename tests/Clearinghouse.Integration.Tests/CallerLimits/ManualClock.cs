namespace Clearinghouse.Integration.Tests.CallerLimits;

/// <summary>
/// A monotonic clock that moves only when the test says so: the token buckets fill by it, so a test of
/// the rate limits knows exactly how many tokens a caller has and never sleeps.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
