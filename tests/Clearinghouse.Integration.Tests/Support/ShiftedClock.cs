namespace Clearinghouse.Integration.Tests.Support;

/// <summary>
/// The system clock moved to a chosen instant: it keeps running from there, so everything that waits
/// on time still works, but "now" is where the test put it (a settlement accepted at 23:59:59 China
/// time, a business day in the past). Moving it affects wall-clock readings only, not timers.
/// </summary>
public sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private long _offsetTicks = (start - TimeProvider.System.GetUtcNow()).Ticks;

    /// <summary>From now on the clock reads <paramref name="instant"/> and runs on from it.</summary>
    public void MoveTo(DateTimeOffset instant) => Interlocked.Exchange(ref _offsetTicks, (instant - TimeProvider.System.GetUtcNow()).Ticks);

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
