namespace Clearinghouse.Domain.Tests.Time;

/// <summary>A request may name today (China time) but not a later day, whatever the instant's offset.</summary>
public sealed class NotLaterThanTodayTests
{
    // 16:00 UTC is midnight in Beijing: the 2nd of April has just begun there.
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-04-01T16:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Today_in_China_is_accepted_although_it_is_still_yesterday_in_UTC()
    {
        Assert.Null(Record.Exception(() => ChinaTime.RequireNotLaterThanToday(new DateOnly(2026, 4, 2), Now, "service_date")));
        Assert.Null(Record.Exception(() => ChinaTime.RequireNotLaterThanToday(new DateOnly(2026, 4, 2), Now.ToOffset(TimeSpan.FromHours(-5)), "service_date")));
    }

    [Fact]
    public void Tomorrow_in_China_is_refused_with_the_field_and_the_date()
    {
        var refused = Assert.Throws<RejectedException>(() => ChinaTime.RequireNotLaterThanToday(new DateOnly(2026, 4, 3), Now, "header.business_date"));

        Assert.Equal(RejectionCode.InvalidArgument, refused.Code);
        Assert.Equal("header.business_date 2026-04-03 is later than today (China time)", refused.Message);
    }
}
