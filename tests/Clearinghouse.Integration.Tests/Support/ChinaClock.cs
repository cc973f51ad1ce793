using System.Globalization;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>China Standard Time (UTC+8, no daylight saving): the clearinghouse's business calendar.</summary>
public static class ChinaClock
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>Today in China on the run's clock (<see cref="SuiteClock"/>). Service dates must not be later than this.</summary>
    public static DateOnly Today => TodayOn(SuiteClock.Instance);

    /// <summary>Today in China on a given clock (a host's own, for a class that sets one).</summary>
    public static DateOnly TodayOn(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);

    /// <summary>The China-time month (YYYY-MM) a clock reads now.</summary>
    public static string PeriodOn(TimeProvider clock) => Period(TodayOn(clock));

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Parse(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Period(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static bool IsPeriod(string text) =>
        text.Length == 7 && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>The China-time month (YYYY-MM) of an RFC 3339 instant.</summary>
    public static string PeriodOfInstant(string rfc3339) => Period(DateOfInstant(rfc3339));

    /// <summary>The China-time date (the business day) of an RFC 3339 instant.</summary>
    public static DateOnly DateOfInstant(string rfc3339)
    {
        var instant = DateTimeOffset.Parse(rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);
    }
}
