using Clearinghouse.Domain.Supervision;
using static Clearinghouse.Domain.Tests.Supervision.Visits;

namespace Clearinghouse.Domain.Tests.Supervision;

public sealed class QuickReadmissionExamples
{
    private static List<Finding> Find(params SupervisedVisit[] visits) => Find(SupervisionThresholds.Default, visits);

    private static List<Finding> Find(SupervisionThresholds thresholds, params SupervisedVisit[] visits) =>
        [.. QuickReadmission.Find(visits, thresholds)];

    [Fact]
    public void A_readmission_on_the_fifteenth_day_with_the_same_category_at_the_same_hospital_is_high()
    {
        var finding = Assert.Single(Find(Stay("S1", 1, 5, "K35.800"), Stay("S2", 20, 25, "K35.900")));

        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal(["S1", "S2"], finding.SettlementIds.ToArray());
        Assert.Equal(Nov(5), finding["discharge"].Date);
        Assert.Equal(Nov(20), finding["readmission"].Date);
        Assert.Equal(15, finding["gap_days"].Number);
        Assert.Equal("K35", finding["category"].Text);
        Assert.Equal("K35.900", finding["second_diagnosis"].Text);
    }

    [Fact]
    public void The_sixteenth_day_is_outside_the_window()
    {
        Assert.Empty(Find(Stay("S1", 1, 5), Stay("S2", 21, 25)));
    }

    [Fact]
    public void Readmission_on_the_discharge_day_is_a_gap_of_zero()
    {
        var finding = Assert.Single(Find(Stay("S1", 1, 5), Stay("S2", 5, 9)));
        Assert.Equal(0, finding["gap_days"].Number);
    }

    [Fact]
    public void Another_category_or_a_missing_diagnosis_is_not_a_readmission()
    {
        Assert.Empty(Find(Stay("S1", 1, 5, "K35.800"), Stay("S2", 8, 9, "K36")));
        Assert.Empty(Find(Stay("S1", 1, 5, "K35.800"), Stay("S2", 8, 9) with { MainDiagnosis = null }));
    }

    [Fact]
    public void Another_hospital_is_medium_and_arrival_order_does_not_change_which_stay_is_first()
    {
        var finding = Assert.Single(Find(Stay("S2", 8, 9, hospital: "H2").AcceptedOn(1), Stay("S1", 1, 5).AcceptedOn(6)));

        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal("H1", finding["first_hospital"].Text);
        Assert.Equal(3, finding["gap_days"].Number);
    }

    [Fact]
    public void Overlapping_stays_and_outpatient_visits_are_not_readmissions()
    {
        Assert.Empty(Find(Stay("S1", 1, 5), Stay("S2", 4, 9)));
        Assert.Empty(Find(Stay("S1", 1, 5), Outpatient("V1", 7) with { MainDiagnosis = "K35.800" }));
    }

    [Fact]
    public void A_reversed_stay_does_not_count_and_the_window_comes_from_the_thresholds()
    {
        Assert.Empty(Find(Stay("S1", 1, 5).AsReversed(), Stay("S2", 8, 9)));
        Assert.Empty(Find(SupervisionThresholds.Default with { ReadmissionWindowDays = 2 }, Stay("S1", 1, 5), Stay("S2", 8, 9)));
        Assert.Single(Find(SupervisionThresholds.Default with { ReadmissionWindowDays = 3 }, Stay("S1", 1, 5), Stay("S2", 8, 9)));
    }

    [Fact]
    public void Three_stays_in_a_row_give_every_pair_within_the_window()
    {
        var findings = Find(Stay("S1", 1, 2), Stay("S2", 5, 6), Stay("S3", 9, 10));
        Assert.Equal(["S1,S2", "S1,S3", "S2,S3"], findings.Select(f => string.Join(',', f.SettlementIds)).Order());
    }
}
