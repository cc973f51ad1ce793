using Clearinghouse.Domain.Persons;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Domain.Tests.Support;
using static Clearinghouse.Domain.Tests.Support.TestPolicies;
using static Clearinghouse.Domain.Tests.Support.Visits;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>起付线 for outpatient visits: one deductible per calendar year, carried across visits.</summary>
public sealed class OutpatientYearlyDeductibleExamples
{
    private static readonly DateOnly March = new(2026, 3, 2);
    private static readonly DateOnly May = new(2026, 5, 20);
    private static readonly DateOnly July = new(2026, 7, 1);

    [Fact]
    public void Second_visit_uses_only_the_deductible_left_and_third_visit_none()
    {
        // Level 2 outpatient: yearly deductible 100,000, ratio 5000. The person's year-to-date figures
        // are read from PersonState after each settlement, as the person grain does.
        var person = new PersonState();
        person.Apply(PersonStream.Enrolled());

        // Visit 1 (March): eligible 60,000 ≤ deductible left 100,000 → deductible 60,000, fund 0.
        var visit1 = Outpatient(A(60_000));
        var b1 = Settle(person, "S1", visit1, March);
        Assert.Equal(new SettlementBreakdown(60_000, 0, 0, 60_000, 60_000, 5_000, 0, 0, 60_000), b1);
        Assert.Equal(new YearTotals(FundPaidFen: 0, OutpatientDeductibleUsedFen: 60_000), person.TotalsFor(2026));

        // Visit 2 (May): deductible left = 100,000 − 60,000 = 40,000.
        //   eligible 90,001; deductible 40,000; fundRaw = floor(50,001 × 5000 / 10000) = floor(25,000.5) = 25,000
        //   patient = 90,001 − 25,000 = 65,001
        var visit2 = Outpatient(A(90_001));
        var b2 = Settle(person, "S2", visit2, May);
        Assert.Equal(new SettlementBreakdown(90_001, 0, 0, 90_001, 40_000, 5_000, 25_000, 0, 65_001), b2);
        Assert.Equal(new YearTotals(FundPaidFen: 25_000, OutpatientDeductibleUsedFen: 100_000), person.TotalsFor(2026));

        // Visit 3 (July): nothing left of the deductible: fund = floor(10,000 × 5000 / 10000) = 5,000.
        var b3 = Settle(person, "S3", Outpatient(A(10_000)), July);
        Assert.Equal(new SettlementBreakdown(10_000, 0, 0, 10_000, 0, 5_000, 5_000, 0, 5_000), b3);
        Assert.Equal(new YearTotals(FundPaidFen: 30_000, OutpatientDeductibleUsedFen: 100_000), person.TotalsFor(2026));
    }

    [Fact]
    public void Outpatient_deductible_starts_again_in_the_next_calendar_year()
    {
        // 2026 used the whole deductible; the first visit of 2027 faces the full 100,000 again.
        var person = new PersonState();
        person.Apply(PersonStream.Enrolled());
        Settle(person, "S1", Outpatient(A(150_000)), new DateOnly(2026, 12, 31));

        var b = Settle(person, "S2", Outpatient(A(150_000)), new DateOnly(2027, 1, 1));

        // eligible 150,000; deductible 100,000; fund = floor(50,000 × 0.5) = 25,000.
        Assert.Equal(100_000, b.DeductibleFen);
        Assert.Equal(25_000, b.FundPayFen);
        Assert.Equal(new YearTotals(25_000, 100_000), person.TotalsFor(2026));
        Assert.Equal(new YearTotals(25_000, 100_000), person.TotalsFor(2027));
    }

    [Fact]
    public void Deductible_used_above_the_policy_deductible_leaves_nothing_not_a_negative_amount()
    {
        // A later policy version lowered the deductible below what was already used: left = max(0, …) = 0.
        var used = new YearToDate(FundPaidFen: 0, OutpatientDeductibleUsedFen: 150_000, AccountBalanceFen: 0);

        var b = SettlementCalculator.Calculate(Employee, OutpatientLevel2, Outpatient(A(10_001)), used);

        // fund = floor(10,001 × 0.5) = 5,000; patient 5,001.
        Assert.Equal(new SettlementBreakdown(10_001, 0, 0, 10_001, 0, 5_000, 5_000, 0, 5_001), b);
    }

    private static SettlementBreakdown Settle(PersonState person, string id, VisitFacts visit, DateOnly serviceDate)
    {
        var totals = person.TotalsFor(serviceDate.Year);
        var ytd = new YearToDate(totals.FundPaidFen, totals.OutpatientDeductibleUsedFen, person.AccountBalanceFen);
        var b = SettlementCalculator.Calculate(Employee, OutpatientLevel2, visit, ytd);
        person.Apply(PersonStream.Settled(id, visit, serviceDate, hospitalLevel: 2, b));
        return b;
    }
}
