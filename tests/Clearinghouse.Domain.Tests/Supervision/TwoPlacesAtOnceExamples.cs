using Clearinghouse.Domain.Supervision;
using static Clearinghouse.Domain.Tests.Supervision.Visits;

namespace Clearinghouse.Domain.Tests.Supervision;

public sealed class TwoPlacesAtOnceExamples
{
    private static List<Finding> Find(params SupervisedVisit[] visits) => [.. TwoPlacesAtOnce.Find(visits, SupervisionThresholds.Default)];

    [Fact]
    public void Outpatient_visits_in_two_care_regions_on_one_day_are_flagged()
    {
        var finding = Assert.Single(Find(Outpatient("V2", 3, Tianjin, "T1"), Outpatient("V1", 3, Beijing, "B1")));

        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal(["V1", "V2"], finding.SettlementIds.ToArray());
        Assert.Equal(Nov(3), finding["service_date"].Date);
        Assert.Equal(Beijing, finding["first_care_region"].Text);
        Assert.Equal("T1", finding["second_hospital"].Text);
    }

    [Fact]
    public void One_care_region_or_consecutive_days_are_not_flagged()
    {
        Assert.Empty(Find(Outpatient("V1", 3, Beijing, "B1"), Outpatient("V2", 3, Beijing, "B2")));
        Assert.Empty(Find(Outpatient("V1", 3, Beijing), Outpatient("V2", 4, Tianjin)));
    }

    [Fact]
    public void A_stay_discharged_that_day_and_a_reversed_visit_do_not_count()
    {
        Assert.Empty(Find(Stay("S1", 1, 3, careRegion: Beijing), Outpatient("V2", 3, Tianjin)));
        Assert.Empty(Find(Outpatient("V1", 3, Beijing), Outpatient("V2", 3, Tianjin).AsReversed()));
    }

    [Fact]
    public void Three_regions_in_a_day_give_each_pair()
    {
        Assert.Equal(3, Find(Outpatient("V1", 3, Beijing), Outpatient("V2", 3, Tianjin), Outpatient("V3", 3, "130000")).Count);
    }
}
