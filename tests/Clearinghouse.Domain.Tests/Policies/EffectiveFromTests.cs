using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Tests.Support;

namespace Clearinghouse.Domain.Tests.Policies;

/// <summary>
/// Where a new policy version may take effect: a region's first version on any date (it brings the policy
/// it already has); every later one today (China time) or later, and after the latest version.
/// </summary>
public sealed class EffectiveFromTests
{
    // 2026-06-15 09:30 in Beijing, 01:30 UTC.
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 9, 30, 0, ChinaTime.Offset);
    private static readonly DateOnly Today = new(2026, 6, 15);

    private static PolicyVersion Version(int number, DateOnly effectiveFrom) => new("110101", number, effectiveFrom, TestPolicies.Both);

    private static void AssertAccepted(DateOnly effectiveFrom, PolicyVersion? latest, DateTimeOffset now)
    {
        var error = Record.Exception(() => PolicyValidator.ValidateEffectiveFrom(effectiveFrom, latest, now));
        Assert.True(error is null, $"{effectiveFrom} refused: {error?.Message}");
    }

    private static RejectedException AssertRefused(DateOnly effectiveFrom, PolicyVersion? latest, DateTimeOffset now)
    {
        var refused = Assert.Throws<RejectedException>(() => PolicyValidator.ValidateEffectiveFrom(effectiveFrom, latest, now));
        Assert.Equal(RejectionCode.FailedPrecondition, refused.Code);
        return refused;
    }

    [Fact]
    public void A_region_s_first_version_may_take_effect_on_a_past_date()
    {
        AssertAccepted(new DateOnly(2001, 1, 1), null, Now);
        AssertAccepted(Today.AddDays(-1), null, Now);
        AssertAccepted(Today, null, Now);
        AssertAccepted(Today.AddYears(1), null, Now);
    }

    [Fact]
    public void A_later_version_may_not_take_effect_before_today()
    {
        var refused = AssertRefused(Today.AddDays(-1), Version(1, new DateOnly(2020, 1, 1)), Now);

        Assert.Equal(
            "effective_from 2026-06-14 is earlier than today 2026-06-15 (China time): only a region's first policy version may take effect in the past",
            refused.Message);
        AssertRefused(new DateOnly(2021, 1, 1), Version(1, new DateOnly(2020, 1, 1)), Now);
    }

    [Fact]
    public void A_later_version_may_take_effect_today_or_on_a_later_day()
    {
        AssertAccepted(Today, Version(1, new DateOnly(2020, 1, 1)), Now);
        AssertAccepted(Today.AddDays(30), Version(3, Today), Now);
    }

    [Fact]
    public void A_later_version_must_still_start_after_the_latest_one_even_in_the_future()
    {
        var latest = Version(2, Today.AddDays(10));

        var refused = AssertRefused(Today.AddDays(5), latest, Now);

        Assert.Equal("effective_from 2026-06-20 must be later than version 2's 2026-06-25", refused.Message);
        AssertRefused(Today.AddDays(10), latest, Now);
        AssertAccepted(Today.AddDays(11), latest, Now);
    }

    [Fact]
    public void Today_is_the_China_date_and_turns_at_China_midnight_not_at_UTC_midnight()
    {
        var latest = Version(1, new DateOnly(2020, 1, 1));
        // 23:59:59.9999999 on the 15th in Beijing is 15:59:59 UTC on the 15th; one tick later both the China
        // date and "today" are the 16th, while UTC still reads the 15th.
        var lastTickOfThe15th = new DateTimeOffset(2026, 6, 16, 0, 0, 0, ChinaTime.Offset).AddTicks(-1);
        var midnight = lastTickOfThe15th.AddTicks(1).ToUniversalTime();

        AssertAccepted(Today, latest, lastTickOfThe15th);
        AssertAccepted(Today, latest, lastTickOfThe15th.ToUniversalTime());
        Assert.Equal(Today, DateOnly.FromDateTime(midnight.UtcDateTime));
        var refused = AssertRefused(Today, latest, midnight);
        Assert.Contains("is earlier than today 2026-06-16 (China time)", refused.Message, StringComparison.Ordinal);
    }
}
