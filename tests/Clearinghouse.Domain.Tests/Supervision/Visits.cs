using Clearinghouse.Domain.Supervision;

namespace Clearinghouse.Domain.Tests.Supervision;

/// <summary>
/// Visits for the worked examples, written by day of November 2026 so that windows read plainly. A visit is
/// accepted at noon UTC of its service date unless told otherwise; equal instants fall back to the settlement id.
/// </summary>
internal static class Visits
{
    public const string Person = "P1";
    public const string Insured = "610924";
    public const string Beijing = "110000";
    public const string Tianjin = "120000";

    public static DateOnly Nov(int day) => new DateOnly(2026, 11, 1).AddDays(day - 1);

    public static SupervisedVisit Outpatient(string id, int day, string careRegion = Beijing, string hospital = "H1", params SupervisedLine[] lines) =>
        Visit(id, VisitType.Outpatient, Nov(day), null, null, null, careRegion, hospital, lines);

    public static SupervisedVisit Stay(
        string id, int admissionDay, int dischargeDay, string diagnosis = "K35.800", string careRegion = Beijing, string hospital = "H1",
        params SupervisedLine[] lines) =>
        Visit(id, VisitType.Inpatient, Nov(dischargeDay), Nov(admissionDay), Nov(dischargeDay), diagnosis, careRegion, hospital, lines);

    /// <summary>A line of quantity × unit price, over its limit by (unit − limit) × quantity when there is a limit below the price.</summary>
    public static SupervisedLine Line(string code, int quantity = 1, long unitPriceFen = 1_000, long priceLimitFen = 0) =>
        new(code, quantity, unitPriceFen, quantity * unitPriceFen, priceLimitFen,
            priceLimitFen > 0 && unitPriceFen > priceLimitFen ? (unitPriceFen - priceLimitFen) * quantity : 0);

    public static SupervisedVisit AcceptedOn(this SupervisedVisit visit, int day, int minute = 0) =>
        visit with { AcceptedAt = new DateTimeOffset(Nov(day).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero).AddMinutes(minute) };

    public static SupervisedVisit AsReversed(this SupervisedVisit visit) => visit with { Reversed = true };

    private static SupervisedVisit Visit(
        string id, VisitType type, DateOnly serviceDate, DateOnly? admission, DateOnly? discharge, string? diagnosis,
        string careRegion, string hospital, SupervisedLine[] lines)
    {
        var total = lines.Sum(l => l.AmountFen);
        return new SupervisedVisit(
            id, Person, Insured, careRegion, hospital, type, serviceDate, admission, discharge, diagnosis,
            new DateTimeOffset(serviceDate.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), total, total * 7 / 10, [.. lines], false);
    }
}
