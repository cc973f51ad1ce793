namespace Clearinghouse.Domain.Tests.Time;

/// <summary>The mirror of the not-later rule: a date may be today (China time) or later, never earlier.</summary>
public sealed class NotEarlierThanTodayTests
{
    // 16:00 UTC is midnight in Beijing: the 2nd of April has just begun there, while UTC still reads the 1st.
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-04-01T16:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Today_and_later_in_China_are_accepted_whatever_the_instant_s_offset()
    {
        Assert.Null(Record.Exception(() => ChinaTime.RequireNotEarlierThanToday(new DateOnly(2026, 4, 2), Now, "effective_from", "why")));
        Assert.Null(Record.Exception(() => ChinaTime.RequireNotEarlierThanToday(new DateOnly(2026, 4, 2), Now.ToOffset(TimeSpan.FromHours(-5)), "effective_from", "why")));
        Assert.Null(Record.Exception(() => ChinaTime.RequireNotEarlierThanToday(new DateOnly(2027, 1, 1), Now, "effective_from", "why")));
    }

    [Fact]
    public void Yesterday_in_China_is_refused_although_it_is_still_today_in_UTC()
    {
        var refused = Assert.Throws<RejectedException>(() => ChinaTime.RequireNotEarlierThanToday(new DateOnly(2026, 4, 1), Now, "effective_from", "the reason"));

        Assert.Equal(RejectionCode.FailedPrecondition, refused.Code);
        Assert.Equal("effective_from 2026-04-01 is earlier than today 2026-04-02 (China time): the reason", refused.Message);
    }

    [Fact]
    public void The_day_turns_at_midnight_in_China_to_the_tick()
    {
        var lastTick = Now.AddTicks(-1);
        Assert.Null(Record.Exception(() => ChinaTime.RequireNotEarlierThanToday(new DateOnly(2026, 4, 1), lastTick, "effective_from", "why")));
        Assert.Throws<RejectedException>(() => ChinaTime.RequireNotEarlierThanToday(new DateOnly(2026, 4, 1), Now, "effective_from", "why"));
    }
}
