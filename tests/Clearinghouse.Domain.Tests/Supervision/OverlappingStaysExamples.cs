using Clearinghouse.Domain.Supervision;
using static Clearinghouse.Domain.Tests.Supervision.Visits;

namespace Clearinghouse.Domain.Tests.Supervision;

public sealed class OverlappingStaysExamples
{
    private static List<Finding> Find(params SupervisedVisit[] visits) => [.. OverlappingStays.Find(visits, SupervisionThresholds.Default)];

    [Fact]
    public void Two_stays_sharing_nights_in_one_care_region_are_medium_with_the_common_days()
    {
        var finding = Assert.Single(Find(Stay("S1", 1, 10), Stay("S2", 8, 12, hospital: "H2")));

        Assert.Equal(RuleId.OverlappingStays, finding.RuleId);
        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal(["S1", "S2"], finding.SettlementIds.ToArray());
        Assert.Equal("overlapping_stays|stays|S1,S2|", finding.Key);
        Assert.Equal(Nov(8), finding["second_admission"].Date);
        Assert.Equal(Nov(10), finding["first_discharge"].Date);
        Assert.Equal(3, finding["common_days"].Number);
        Assert.Equal("H2", finding["second_hospital"].Text);
    }

    [Fact]
    public void Stays_in_two_care_regions_are_high_whichever_arrived_first()
    {
        var later = Stay("S2", 3, 5, careRegion: Tianjin).AcceptedOn(1);
        var finding = Assert.Single(Find(Stay("S1", 1, 10), later));

        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal(Beijing, finding["first_care_region"].Text);
        Assert.Equal(Tianjin, finding["second_care_region"].Text);
        Assert.Equal(3, finding["common_days"].Number);
    }

    [Fact]
    public void A_transfer_discharging_and_admitting_on_one_day_is_not_an_overlap()
    {
        Assert.Empty(Find(Stay("S1", 1, 10), Stay("S2", 10, 20, careRegion: Tianjin)));
    }

    [Fact]
    public void A_same_day_stay_strictly_inside_another_overlaps_but_not_on_its_boundary_days()
    {
        var inside = Assert.Single(Find(Stay("S1", 1, 10), Stay("S2", 5, 5)));
        Assert.Equal(1, inside["common_days"].Number);

        Assert.Empty(Find(Stay("S1", 1, 10), Stay("S2", 1, 1)));
        Assert.Empty(Find(Stay("S1", 1, 10), Stay("S2", 10, 10)));
    }

    [Fact]
    public void An_outpatient_visit_strictly_inside_a_stay_is_flagged_with_its_date()
    {
        var finding = Assert.Single(Find(Stay("S1", 1, 10), Outpatient("V1", 9, careRegion: Tianjin)));

        Assert.Equal("overlapping_stays|visit_in_stay|S1,V1|", finding.Key);
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal(Nov(9), finding["visit_date"].Date);
        Assert.Equal(Tianjin, finding["visit_care_region"].Text);
    }

    [Fact]
    public void An_outpatient_visit_on_the_admission_or_discharge_day_is_not_flagged()
    {
        Assert.Empty(Find(Stay("S1", 1, 10), Outpatient("V1", 1), Outpatient("V2", 10, careRegion: Tianjin)));
    }

    [Fact]
    public void A_reversed_stay_does_not_count()
    {
        Assert.Empty(Find(Stay("S1", 1, 10).AsReversed(), Stay("S2", 3, 5), Outpatient("V1", 7)));
        Assert.Equal("overlapping_stays|visit_in_stay|S1,V1|", Assert.Single(Find(Stay("S1", 1, 10), Stay("S2", 3, 5).AsReversed(), Outpatient("V1", 7))).Key);
    }

    [Fact]
    public void Two_outpatient_visits_are_not_this_rules_business()
    {
        Assert.Empty(Find(Outpatient("V1", 4), Outpatient("V2", 4, careRegion: Tianjin)));
    }
}
