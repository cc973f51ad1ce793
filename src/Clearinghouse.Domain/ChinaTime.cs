using System.Globalization;

namespace Clearinghouse.Domain;

/// <summary>
/// China Standard Time is UTC+8 all year (no daylight saving), so a fixed offset is exact and needs no
/// time-zone database. Business days, periods and "today" are all read in it.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly BusinessDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>
    /// The one rule for dates a request may not name yet (a service date, a reported business day): no
    /// later than today in China, whatever the caller's time zone. Refuses with INVALID_ARGUMENT naming the field.
    /// </summary>
    public static void RequireNotLaterThanToday(DateOnly date, DateTimeOffset now, string field)
    {
        if (date > BusinessDate(now))
        {
            throw RejectedException.InvalidArgument($"{field} {CivilDate.Format(date)} is later than today (China time)");
        }
    }

    /// <summary>
    /// The mirror rule, for dates that may not lie in the past (a policy version's effective date): no
    /// earlier than today in China. It binds only where the state says so (a region that already has a
    /// version), so the refusal is FAILED_PRECONDITION, unlike the INVALID_ARGUMENT of the rule above,
    /// which binds every request. The message names the field, the date and today.
    /// </summary>
    public static void RequireNotEarlierThanToday(DateOnly date, DateTimeOffset now, string field, string because)
    {
        var today = BusinessDate(now);
        if (date < today)
        {
            throw RejectedException.FailedPrecondition(
                $"{field} {CivilDate.Format(date)} is earlier than today {CivilDate.Format(today)} (China time): {because}");
        }
    }

    /// <summary>The clearing period (YYYY-MM) of an accepted instant.</summary>
    public static string PeriodOf(DateTimeOffset instant) => BusinessDate(instant).ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

/// <summary>Strict parsing of the API's date and period strings.</summary>
public static class CivilDate
{
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryParsePeriod(string? text, out DateOnly firstDay) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out firstDay)
        && text!.Length == 7;

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

public static class AcceptanceClock
{
    /// <summary>
    /// The instant the clearinghouse accepts a request, in UTC at microsecond precision: PostgreSQL keeps
    /// microseconds, so the instant answered is exactly the instant read back later.
    /// </summary>
    public static DateTimeOffset AcceptedNow(this TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTimeOffset(now.Ticks - now.Ticks % (TimeSpan.TicksPerMillisecond / 1000), TimeSpan.Zero);
    }
}
