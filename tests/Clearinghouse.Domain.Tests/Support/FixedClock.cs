namespace Clearinghouse.Domain.Tests.Support;

/// <summary>A clock that always reads the instant it was given, so no test depends on the real date.</summary>
public sealed class FixedClock(DateTimeOffset utcNow) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => utcNow;
}
