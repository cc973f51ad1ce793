namespace Clearinghouse.Domain.Tests.Time;

/// <summary>Business days and clearing periods are read in China Standard Time (UTC+8, no daylight saving).</summary>
public sealed class ChinaTimeTests
{
    [Fact]
    public void Last_second_before_midnight_in_Beijing_is_still_the_30th_of_November()
    {
        var instant = DateTimeOffset.Parse("2026-11-30T15:59:59Z", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(new DateOnly(2026, 11, 30), ChinaTime.BusinessDate(instant));
        Assert.Equal("2026-11", ChinaTime.PeriodOf(instant));
    }

    [Fact]
    public void Midnight_in_Beijing_is_the_1st_of_December_and_the_next_period()
    {
        var instant = DateTimeOffset.Parse("2026-11-30T16:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(new DateOnly(2026, 12, 1), ChinaTime.BusinessDate(instant));
        Assert.Equal("2026-12", ChinaTime.PeriodOf(instant));
    }

    [Fact]
    public void New_year_in_Beijing_changes_the_year_of_the_period()
    {
        Assert.Equal("2026-12", ChinaTime.PeriodOf(new DateTimeOffset(2026, 12, 31, 15, 59, 59, TimeSpan.Zero)));
        Assert.Equal("2027-01", ChinaTime.PeriodOf(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Offset_of_the_instant_does_not_matter_only_the_moment()
    {
        // 2026-12-01 00:00 in Beijing, written in three offsets.
        var utc = new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero);
        var beijing = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var newYork = new DateTimeOffset(2026, 11, 30, 11, 0, 0, TimeSpan.FromHours(-5));

        Assert.All(new[] { utc, beijing, newYork }, i => Assert.Equal(new DateOnly(2026, 12, 1), ChinaTime.BusinessDate(i)));
        Assert.Equal(TimeSpan.FromHours(8), ChinaTime.Offset);
    }
}
