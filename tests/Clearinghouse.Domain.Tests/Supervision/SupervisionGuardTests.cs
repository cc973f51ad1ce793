using Clearinghouse.Domain.Supervision;
using static Clearinghouse.Domain.Tests.Supervision.Visits;

namespace Clearinghouse.Domain.Tests.Supervision;

/// <summary>Input a rule must never be given fails loudly, and the threshold set states its own bounds.</summary>
public sealed class SupervisionGuardTests
{
    [Fact]
    public void The_default_thresholds_are_valid_and_documented_figures()
    {
        var defaults = SupervisionThresholds.Default.Check();
        Assert.Equal(15, defaults.ReadmissionWindowDays);
        Assert.Equal(30, defaults.SplitWindowDays);
        Assert.Equal(100, defaults.QuantityLimitOf("ANY"));
        Assert.Empty(defaults.OnceOnlyCodes);
        Assert.Equal((1_000, 5_000), (defaults.OverPriceMediumBp, defaults.OverPriceHighBp));
        Assert.Equal((50_000, 1_000, 50_000, 20), (defaults.OutlierMadMultipleBp, defaults.OutlierMinMadBp, defaults.OutlierMinRatioBp, defaults.OutlierMinPeers));
    }

    public static TheoryData<string> BrokenThresholds => [.. Broken.Keys];

    private static readonly Dictionary<string, SupervisionThresholds> Broken = new()
    {
        ["negative readmission window"] = SupervisionThresholds.Default with { ReadmissionWindowDays = -1 },
        ["split window over a year"] = SupervisionThresholds.Default with { SplitWindowDays = 367 },
        ["zero quantity limit"] = SupervisionThresholds.Default with { DefaultQuantityLimit = 0 },
        ["zero per-code limit"] = SupervisionThresholds.Default with { QuantityLimitsByCode = System.Collections.Immutable.ImmutableDictionary<string, int>.Empty.Add("X", 0) },
        ["medium above high"] = SupervisionThresholds.Default with { OverPriceMediumBp = 6_000 },
        ["minimum MAD over the median"] = SupervisionThresholds.Default with { OutlierMinMadBp = 10_001 },
        ["peer group of two"] = SupervisionThresholds.Default with { OutlierMinPeers = 2 },
    };

    [Theory]
    [MemberData(nameof(BrokenThresholds))]
    public void A_broken_threshold_set_is_refused_before_any_rule_runs(string name)
    {
        Assert.Throws<InvariantViolationException>(() => Supervisor.Evaluate([Outpatient("V1", 1)], Broken[name]));
    }

    [Fact]
    public void Another_persons_visit_a_stay_without_dates_or_a_settlement_twice_is_a_programming_error()
    {
        var thresholds = SupervisionThresholds.Default;
        Assert.Throws<InvariantViolationException>(() => Supervisor.OnVisit(Outpatient("V2", 2), [Outpatient("V1", 1) with { PersonId = "P2" }], thresholds));
        Assert.Throws<InvariantViolationException>(() => Supervisor.Evaluate([Stay("S1", 1, 3) with { AdmissionDate = null }], thresholds));
        Assert.Throws<InvariantViolationException>(() => Supervisor.Evaluate([Stay("S1", 3, 3) with { AdmissionDate = Nov(4) }], thresholds));
        Assert.Throws<InvariantViolationException>(() => Supervisor.Evaluate([Stay("S1", 1, 3) with { ServiceDate = Nov(2) }], thresholds));
        Assert.Throws<InvariantViolationException>(() => Supervisor.Evaluate([Outpatient("V1", 1) with { AdmissionDate = Nov(1) }], thresholds));
        Assert.Throws<InvariantViolationException>(() => Supervisor.Evaluate([Outpatient("V1", 1), Outpatient("V1", 2)], thresholds));
        Assert.Throws<InvariantViolationException>(() => Supervisor.Evaluate([Outpatient("V1", 1, lines: [new SupervisedLine("A", 1, 100, 100, 0, 10)])], thresholds));
    }

    [Fact]
    public void The_visit_being_replayed_in_its_own_history_and_a_reversed_new_visit_find_nothing_new()
    {
        var stay = Stay("S1", 1, 10);
        var visit = Outpatient("V1", 5).AcceptedOn(11);
        Assert.Single(Supervisor.OnVisit(visit, [stay, visit], SupervisionThresholds.Default));
        Assert.Empty(Supervisor.OnVisit(visit.AsReversed(), [stay], SupervisionThresholds.Default));
        Assert.Empty(Supervisor.OnVisit(stay, [visit], SupervisionThresholds.Default));
    }

    [Fact]
    public void Every_rule_id_is_distinct_and_the_person_rules_are_all_but_outliers()
    {
        Assert.Equal(RuleId.All.Length, RuleId.All.Distinct().Count());
        Assert.Equal([.. RuleId.PersonRules, RuleId.Outliers], RuleId.All.ToArray());
    }
}
