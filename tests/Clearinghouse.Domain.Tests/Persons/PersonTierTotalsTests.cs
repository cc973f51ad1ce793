using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Persons;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Domain.Tests.Support;
using static Clearinghouse.Domain.Tests.Support.TestPolicies;
using static Clearinghouse.Domain.Tests.Support.TierPolicies;
using static Clearinghouse.Domain.Tests.Support.Visits;

namespace Clearinghouse.Domain.Tests.Persons;

/// <summary>
/// The person's tier figures as folded from their stream: the assistance status in force on a date, the year's
/// qualifying self-burden, serious-illness and assistance paid, and their exact restoration by a reversal.
/// </summary>
public sealed class PersonTierTotalsTests
{
    private static PersonState Enrolled()
    {
        var person = new PersonState();
        person.Apply(PersonStream.Enrolled());
        return person;
    }

    /// <summary>Settles a visit as the grain does: the year's totals and the status in force on the service date.</summary>
    private static SettlementAccepted Settle(PersonState person, string id, VisitFacts visit, DateOnly serviceDate)
    {
        var year = person.TotalsFor(serviceDate.Year);
        var b = SettlementCalculator.Calculate(
            Tiered, InpatientLevel2, visit with { AssistanceStatus = person.AssistanceStatusOn(serviceDate) },
            new YearToDate(year.FundPaidFen, year.OutpatientDeductibleUsedFen, person.AccountBalanceFen,
                year.QualifyingSelfBurdenFen, year.SeriousIllnessPaidFen, year.AssistancePaidFen));
        var settled = PersonStream.Settled(id, visit, serviceDate, 2, b);
        person.Apply(settled);
        return settled;
    }

    [Fact]
    public void An_assistance_status_set_mid_year_applies_from_its_effective_date_on()
    {
        var person = Enrolled();
        person.Apply(new AssistanceStatusSet(PersonStream.Stamp("a1"), AssistanceStatus.MinimumLiving, new DateOnly(2026, 7, 1)));
        person.Apply(new AssistanceStatusSet(PersonStream.Stamp("a2"), AssistanceStatus.None, new DateOnly(2026, 10, 1)));

        Assert.Equal(AssistanceStatus.None, person.AssistanceStatusOn(new DateOnly(2026, 6, 30)));
        Assert.Equal(AssistanceStatus.MinimumLiving, person.AssistanceStatusOn(new DateOnly(2026, 7, 1)));
        Assert.Equal(AssistanceStatus.MinimumLiving, person.AssistanceStatusOn(new DateOnly(2026, 9, 30)));
        Assert.Equal(AssistanceStatus.None, person.AssistanceStatusOn(new DateOnly(2026, 10, 1)));

        // The same stay on 30 June and on 1 July: 175,000 qualifying each, below the threshold, so assistance
        // takes 70% of all of it from 1 July on: floor(175,000 × 0.7) = 122,500.
        var june = Settle(person, "S-june", Inpatient(A(400_000), B(200_000), C(50_000)), new DateOnly(2026, 6, 30));
        var july = Settle(person, "S-july", Inpatient(A(400_000), B(200_000), C(50_000)), new DateOnly(2026, 7, 1));

        Assert.Equal(0, june.Breakdown.AssistancePayFen);
        Assert.Equal(122_500, july.Breakdown.AssistancePayFen);
        Assert.Equal(new YearTotals(850_000, 0, 350_000, 0, 122_500), person.TotalsFor(2026));
    }

    [Fact]
    public void Reversing_a_band_crossing_visit_restores_every_tier_total_and_the_next_visit_settles_as_if_it_never_was()
    {
        var person = Enrolled();
        person.Apply(new AssistanceStatusSet(PersonStream.Stamp("a"), AssistanceStatus.LowIncome, new DateOnly(2026, 1, 1)));
        // Into the year: 1,400,000 qualifying so far (eight stays of 175,000).
        for (var i = 0; i < 8; i++)
        {
            Settle(person, $"S-{i}", Inpatient(A(400_000), B(200_000), C(50_000)), new DateOnly(2026, 2, 1));
        }
        var before = person.TotalsFor(2026);
        Assert.Equal(1_400_000, before.QualifyingSelfBurdenFen);

        var crossing = Settle(person, "S-big", Inpatient(A(80_000_000)), new DateOnly(2026, 3, 1));
        Assert.True(crossing.Breakdown.SeriousIllnessPayFen > 0);
        Assert.True(person.TotalsFor(2026).QualifyingSelfBurdenFen > 20_000_000, "the visit crossed both bands' bounds");

        person.Apply(PersonStream.Reversed(crossing));
        Assert.Equal(before, person.TotalsFor(2026));

        // The next visit sees exactly the totals it would have seen had the reversed one never been settled.
        var twin = Enrolled();
        twin.Apply(new AssistanceStatusSet(PersonStream.Stamp("a"), AssistanceStatus.LowIncome, new DateOnly(2026, 1, 1)));
        for (var i = 0; i < 8; i++)
        {
            Settle(twin, $"S-{i}", Inpatient(A(400_000), B(200_000), C(50_000)), new DateOnly(2026, 2, 1));
        }
        var next = Settle(person, "S-next", Inpatient(A(12_000_000), B(3_000_000)), new DateOnly(2026, 4, 1));
        var nextOfTwin = Settle(twin, "S-next", Inpatient(A(12_000_000), B(3_000_000)), new DateOnly(2026, 4, 1));
        Assert.Equal(nextOfTwin.Breakdown, next.Breakdown);
        Assert.Equal(twin.TotalsFor(2026), person.TotalsFor(2026));
    }

    [Fact]
    public void A_reversal_stored_before_the_tiers_restores_them_by_nothing()
    {
        var person = Enrolled();
        var settled = Settle(person, "S-1", Inpatient(A(400_000)), new DateOnly(2026, 2, 1));
        var old = PersonStream.Reversed(settled) with { QualifyingSelfBurdenFen = 0, SeriousIllnessPayFen = 0, AssistancePayFen = 0 };

        person.Apply(old);

        Assert.Equal(settled.Breakdown.QualifyingSelfBurdenFen, person.TotalsFor(2026).QualifyingSelfBurdenFen);
        Assert.Equal(0, person.TotalsFor(2026).FundPaidFen);
    }
}
