using Clearinghouse.Domain.Tests.Support;

namespace Clearinghouse.Domain.Tests.Time;

/// <summary>The acceptance instant is the clock's reading cut to the microsecond PostgreSQL keeps, in UTC.</summary>
public sealed class AcceptanceClockTests
{
    [Fact]
    public void The_last_tick_before_midnight_in_Beijing_is_cut_to_the_microsecond_and_stays_in_November()
    {
        // 15:59:59.9999999Z is 23:59:59.9999999 in Beijing; cut to 15:59:59.999999Z, still 30 November.
        var reading = new DateTimeOffset(2026, 11, 30, 15, 59, 59, TimeSpan.Zero).AddTicks(9_999_999);

        var accepted = new FixedClock(reading).AcceptedNow();

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 15, 59, 59, TimeSpan.Zero).AddTicks(9_999_990), accepted);
        Assert.Equal(TimeSpan.Zero, accepted.Offset);
        Assert.Equal("2026-11", ChinaTime.PeriodOf(accepted));
    }

    [Fact]
    public void A_reading_in_another_offset_is_answered_in_UTC()
    {
        // 08:00:00.0000015 at +08:00 is 00:00:00.0000015Z; the half microsecond is cut, not rounded.
        var reading = new DateTimeOffset(2027, 1, 1, 8, 0, 0, TimeSpan.FromHours(8)).AddTicks(15);

        var accepted = new FixedClock(reading).AcceptedNow();

        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(10), accepted);
        Assert.Equal(TimeSpan.Zero, accepted.Offset);
        Assert.Equal("2027-01", ChinaTime.PeriodOf(accepted));
    }
}
