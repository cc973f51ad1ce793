using System.Collections.Immutable;
using Clearinghouse.Domain.Supervision;
using static Clearinghouse.Domain.Tests.Supervision.Visits;

namespace Clearinghouse.Domain.Tests.Supervision;

public sealed class ChargedTwiceExamples
{
    private static readonly SupervisionThresholds WithOnceOnly = SupervisionThresholds.Default with { OnceOnlyCodes = ImmutableHashSet.Create("ADMIT") };

    private static List<Finding> Find(params SupervisedVisit[] visits) => [.. ChargedTwice.Find(visits, WithOnceOnly)];

    [Fact]
    public void The_same_visit_sent_again_with_its_lines_in_another_order_is_resent_and_high()
    {
        var first = Outpatient("V1", 3, lines: [Line("A", 2, 300), Line("B", 1, 900), Line("A", 1, 300)]);
        var again = Outpatient("V2", 3, lines: [Line("B", 1, 900), Line("A", 1, 300), Line("A", 2, 300)]).AcceptedOn(3, 5);

        var finding = Assert.Single(Find(first, again));
        Assert.Equal("charged_twice|resent|V1,V2|", finding.Key);
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal(3, finding["lines"].Number);
        Assert.Equal(1_800, finding["first_total"].Number);
        Assert.Equal(Nov(3), finding["service_date"].Date);
    }

    [Fact]
    public void A_different_quantity_hospital_or_day_is_not_a_resend()
    {
        Assert.Empty(Find(Outpatient("V1", 3, lines: [Line("A", 2)]), Outpatient("V2", 3, lines: [Line("A", 3)])));
        Assert.Empty(Find(Outpatient("V1", 3, lines: [Line("A", 2)]), Outpatient("V2", 3, hospital: "H2", lines: [Line("A", 2)])));
        Assert.Empty(Find(Outpatient("V1", 3, lines: [Line("A", 2)]), Outpatient("V2", 4, lines: [Line("A", 2)])));
        Assert.Empty(Find(Outpatient("V1", 3), Outpatient("V2", 3)));
        Assert.Empty(Find(Outpatient("V1", 3, lines: [Line("A", 2)]), Outpatient("V2", 3, lines: [Line("A", 2)]).AsReversed()));
    }

    [Fact]
    public void A_once_only_item_twice_in_one_stay_is_flagged_with_the_code()
    {
        var finding = Assert.Single(Find(Stay("S1", 1, 9, lines: [Line("ADMIT", 1), Line("X", 5), Line("ADMIT", 1)])));

        Assert.Equal("charged_twice|once_only|S1|ADMIT", finding.Key);
        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal(2, finding["quantity"].Number);
        Assert.Equal(1, finding["settlements"].Number);
    }

    [Fact]
    public void A_once_only_item_in_two_settlements_of_one_day_is_flagged_but_not_on_two_days()
    {
        var finding = Assert.Single(Find(Outpatient("V1", 3, lines: [Line("ADMIT"), Line("A")]), Outpatient("V2", 3, hospital: "H2", lines: [Line("ADMIT")])));
        Assert.Equal(["V1", "V2"], finding.SettlementIds.ToArray());
        Assert.Equal(2, finding["settlements"].Number);

        Assert.Empty(Find(Outpatient("V1", 3, lines: [Line("ADMIT")]), Outpatient("V2", 4, lines: [Line("ADMIT")])));
        Assert.Empty(Find(Outpatient("V1", 3, lines: [Line("A", 2)])));
    }

    [Fact]
    public void A_resent_visit_with_a_once_only_item_is_reported_as_resent_only()
    {
        var findings = Find(Outpatient("V1", 3, lines: [Line("ADMIT")]), Outpatient("V2", 3, lines: [Line("ADMIT")]));
        Assert.Equal(["charged_twice|resent|V1,V2|"], findings.Select(f => f.Key));
    }

    [Fact]
    public void No_item_is_once_only_by_default()
    {
        Assert.Empty(ChargedTwice.Find([Stay("S1", 1, 9, lines: [Line("ADMIT", 2)])], SupervisionThresholds.Default));
    }
}
