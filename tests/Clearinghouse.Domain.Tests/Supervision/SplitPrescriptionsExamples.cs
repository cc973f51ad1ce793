using System.Collections.Immutable;
using Clearinghouse.Domain.Supervision;
using static Clearinghouse.Domain.Tests.Supervision.Visits;

namespace Clearinghouse.Domain.Tests.Supervision;

public sealed class SplitPrescriptionsExamples
{
    private static List<Finding> Find(params SupervisedVisit[] visits) => Find(SupervisionThresholds.Default, visits);

    private static List<Finding> Find(SupervisionThresholds thresholds, params SupervisedVisit[] visits) =>
        [.. SplitPrescriptions.Find(visits, thresholds)];

    private static SupervisedVisit Dispensed(string id, int day, int quantity, string code = "D1") =>
        Outpatient(id, day, lines: [Line(code, quantity, 250), Line("CONSULT", 1, 1_500)]);

    [Fact]
    public void Three_visits_each_within_the_limit_taking_the_window_over_it_are_flagged_on_the_third()
    {
        var finding = Assert.Single(Find(Dispensed("V1", 1, 40), Dispensed("V2", 10, 40), Dispensed("V3", 20, 40)));

        Assert.Equal(["V1", "V2", "V3"], finding.SettlementIds.ToArray());
        Assert.Equal(["D1"], finding.LineCodes.ToArray());
        Assert.Equal(Severity.Medium, finding.Severity);
        Assert.Equal(120, finding["total_quantity"].Number);
        Assert.Equal(100, finding["quantity_limit"].Number);
        Assert.Equal(3, finding["visits"].Number);
        Assert.Equal(Nov(1), finding["first_date"].Date);
        Assert.Equal(Nov(20), finding["last_date"].Date);
        Assert.Equal("split_prescriptions||V1,V2,V3|D1", finding.Key);
    }

    [Fact]
    public void The_window_counts_both_ends_thirty_days_in_all()
    {
        Assert.Single(Find(Dispensed("V1", 1, 60), Dispensed("V2", 30, 60)));
        Assert.Empty(Find(Dispensed("V1", 1, 60), Dispensed("V2", 31, 60)));
    }

    [Fact]
    public void Exactly_the_limit_together_is_not_over_it()
    {
        Assert.Empty(Find(Dispensed("V1", 1, 50), Dispensed("V2", 2, 50)));
        Assert.Single(Find(Dispensed("V1", 1, 50), Dispensed("V2", 2, 51)));
    }

    [Fact]
    public void A_visit_over_the_limit_on_its_own_is_not_a_split_and_is_left_out_of_the_sums()
    {
        Assert.Empty(Find(Dispensed("V1", 1, 150), Dispensed("V2", 2, 60)));
        Assert.Empty(Find(Dispensed("V1", 1, 60), Dispensed("V2", 2, 150)));
    }

    [Fact]
    public void Once_over_the_window_raises_nothing_more_until_it_has_moved_past_the_visits_that_took_it_over()
    {
        var findings = Find(Dispensed("V1", 1, 60), Dispensed("V2", 2, 60), Dispensed("V3", 3, 60), Dispensed("V4", 33, 60), Dispensed("V5", 34, 60));
        Assert.Equal(["V1,V2", "V4,V5"], findings.Select(f => string.Join(',', f.SettlementIds)).Order());
    }

    [Fact]
    public void One_and_a_half_times_the_limit_is_high_and_a_per_code_limit_replaces_the_default()
    {
        var thresholds = SupervisionThresholds.Default with { QuantityLimitsByCode = new Dictionary<string, int> { ["D1"] = 10 }.ToImmutableDictionary() };

        var perCode = Assert.Single(Find(thresholds, Dispensed("V1", 1, 6), Dispensed("V2", 5, 5), Dispensed("V3", 6, 10)));
        Assert.Equal(["V1", "V2"], perCode.SettlementIds.ToArray());
        Assert.Equal(10, perCode["quantity_limit"].Number);
        Assert.Equal(Severity.Medium, perCode.Severity);
        Assert.Equal(Severity.Medium, Assert.Single(Find(Dispensed("V1", 1, 75), Dispensed("V2", 5, 74))).Severity);
        Assert.Equal(Severity.High, Assert.Single(Find(Dispensed("V1", 1, 75), Dispensed("V2", 5, 75))).Severity);
    }

    [Fact]
    public void Other_codes_reversed_visits_and_stays_do_not_add_up()
    {
        Assert.Empty(Find(Dispensed("V1", 1, 60), Dispensed("V2", 2, 60, "D2")));
        Assert.Empty(Find(Dispensed("V1", 1, 60).AsReversed(), Dispensed("V2", 2, 60)));
        Assert.Empty(Find(Stay("S1", 1, 3, lines: [Line("D1", 60)]), Dispensed("V2", 5, 60)));
    }

    [Fact]
    public void Only_earlier_arrivals_fill_the_window_so_one_by_one_and_together_agree()
    {
        // V2 carries an earlier service date but arrived after V1: V1's window was judged without it, and V2's
        // window (ending on day 5) does not reach V1's day 10.
        Assert.Empty(Find(Dispensed("V1", 10, 60).AcceptedOn(10), Dispensed("V2", 5, 60).AcceptedOn(11)));
        Assert.Single(Find(Dispensed("V2", 5, 60).AcceptedOn(5), Dispensed("V1", 10, 60).AcceptedOn(10)));
    }
}
