using System.Globalization;

namespace Clearinghouse.Domain.Reconciliation;

/// <summary>Business days (China time) and the clearing periods (months) that contain them.</summary>
public static class BusinessDay
{
    /// <summary>The period (YYYY-MM) a business day, and so a discrepancy found for it, belongs to.</summary>
    public static string PeriodOf(DateOnly businessDate) => businessDate.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Every day of a period, in order.</summary>
    public static IEnumerable<DateOnly> DaysOf(DateOnly firstDayOfPeriod)
    {
        Invariant.Require(firstDayOfPeriod.Day == 1, "a period starts on the first of its month");
        for (var day = firstDayOfPeriod; day.Month == firstDayOfPeriod.Month; day = day.AddDays(1))
        {
            yield return day;
        }
    }
}
