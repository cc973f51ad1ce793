using System.Globalization;

namespace Clearinghouse.Domain.Clearing;

/// <summary>Clearing periods are calendar months written YYYY-MM (China time).</summary>
public static class ClearingPeriod
{
    public static bool IsValid(string? period) => CivilDate.TryParsePeriod(period, out _);

    /// <summary>The month after the period: what a close opens.</summary>
    public static string Next(string period)
    {
        Invariant.Require(CivilDate.TryParsePeriod(period, out var firstDay), $"'{period}' is a period YYYY-MM");
        return firstDay.AddMonths(1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    /// <summary>The month of a business date: the period a reconciliation day belongs to.</summary>
    public static string Of(DateOnly businessDate) => businessDate.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

/// <summary>Where a period stands. Exactly one period is open at a time.</summary>
public enum PeriodPhase
{
    /// <summary>Takes settlements and reversals.</summary>
    Open = 1,
    /// <summary>Cut off (the next period is open) but not yet netted.</summary>
    Closing = 2,
    /// <summary>Netted: statements and transfers issued.</summary>
    Closed = 3,
}
