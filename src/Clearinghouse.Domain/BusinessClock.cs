namespace Clearinghouse.Domain;

/// <summary>
/// The clock the clearinghouse reads business time from: acceptance instants, today's date, the first
/// period. A type of its own, apart from the TimeProvider Orleans runs its cluster membership on, so that
/// business time can be set (a test at a month's end) without the silo declaring itself dead for a
/// generation from the future.
/// </summary>
public sealed class BusinessClock(TimeProvider time) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => time.GetUtcNow();
}
