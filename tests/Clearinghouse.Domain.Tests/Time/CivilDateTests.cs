namespace Clearinghouse.Domain.Tests.Time;

/// <summary>The API's dates are strictly yyyy-MM-dd and its periods strictly yyyy-MM.</summary>
public sealed class CivilDateTests
{
    [Theory]
    [InlineData("2026-02-28", 2026, 2, 28)]
    [InlineData("2028-02-29", 2028, 2, 29)]
    [InlineData("2026-12-31", 2026, 12, 31)]
    public void Well_formed_date_is_accepted(string text, int year, int month, int day)
    {
        Assert.True(CivilDate.TryParseDate(text, out var date));
        Assert.Equal(new DateOnly(year, month, day), date);
        Assert.Equal(text, CivilDate.Format(date));
    }

    [Theory]
    [InlineData("2026-2-01")]
    [InlineData("2026-02-1")]
    [InlineData("2026-02-30")]
    [InlineData("2027-02-29")]
    [InlineData("2026-13-01")]
    [InlineData("2026-00-10")]
    [InlineData("")]
    [InlineData(" 2026-02-28")]
    [InlineData("2026-02-28 ")]
    [InlineData("2026/02/28")]
    [InlineData("20260228")]
    [InlineData("2026-02-28T00:00:00")]
    [InlineData(null)]
    public void Malformed_or_impossible_date_is_rejected(string? text)
    {
        Assert.False(CivilDate.TryParseDate(text, out _));
    }

    [Theory]
    [InlineData("2026-02", 2026, 2)]
    [InlineData("2026-12", 2026, 12)]
    [InlineData("2027-01", 2027, 1)]
    public void Well_formed_period_is_accepted_as_its_first_day(string text, int year, int month)
    {
        Assert.True(CivilDate.TryParsePeriod(text, out var firstDay));
        Assert.Equal(new DateOnly(year, month, 1), firstDay);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-2")]
    [InlineData("2026-02-01")]
    [InlineData("2026-02-")]
    [InlineData("202602")]
    [InlineData("2026")]
    [InlineData("")]
    [InlineData(" 2026-02")]
    [InlineData(null)]
    public void Malformed_period_is_rejected(string? text)
    {
        Assert.False(CivilDate.TryParsePeriod(text, out _));
    }
}
