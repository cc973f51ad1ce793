using System.Collections.Immutable;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Supervision;
using Clearinghouse.Domain.Tests.Support;
using static Clearinghouse.Domain.Tests.Supervision.Visits;

namespace Clearinghouse.Domain.Tests.Supervision;

/// <summary>
/// What Settle needs from the library to block: the thresholds a policy version sets, how far back the blocking
/// rules look, only those rules run, and the refusal naming the rule and the other settlements.
/// </summary>
public sealed class BlockingRulesTests
{
    [Fact]
    public void A_policy_without_a_supervision_section_gives_the_default_thresholds_and_blocks_nothing()
    {
        var version = new PolicyVersion(Insured, 1, Nov(1), TestPolicies.Of(TestPolicies.Employee));

        Assert.Same(SupervisionThresholds.Default, version.SupervisionThresholds());
        Assert.Null(version.Policy.Supervision);
        Assert.False(SupervisionSettings.Default.Blocks);
    }

    [Fact]
    public void A_policy_versions_thresholds_are_its_sections()
    {
        var thresholds = SupervisionThresholds.Default with { ReadmissionWindowDays = 20, OnceOnlyCodes = ["A-ADM"] };
        var policy = TestPolicies.Of(TestPolicies.Employee) with { Supervision = new SupervisionSettings { Thresholds = thresholds } };

        Assert.Same(thresholds, new PolicyVersion(Insured, 2, Nov(1), policy).SupervisionThresholds());
    }

    [Theory]
    [InlineData(new[] { RuleId.OverlappingStays }, 0)]
    [InlineData(new[] { RuleId.OverlappingStays, RuleId.QuickReadmission }, 20)]
    [InlineData(new[] { RuleId.QuickReadmission, RuleId.SplitPrescriptions }, 30)]
    [InlineData(new[] { RuleId.TwoPlacesAtOnce, RuleId.ChargedTwice, RuleId.OverRegulatedPrice }, 0)]
    public void The_lookback_is_the_longest_window_of_the_blocking_rules(string[] rules, int days)
    {
        var thresholds = SupervisionThresholds.Default with { ReadmissionWindowDays = 20 };

        Assert.Equal(days, BlockingRules.LookbackDays([.. rules], thresholds));
    }

    [Fact]
    public void The_earliest_service_date_counts_from_a_stays_admission()
    {
        ImmutableArray<string> rules = [RuleId.QuickReadmission];

        Assert.Equal(Nov(10).AddDays(-15), BlockingRules.EarliestServiceDate(Stay("S2", 10, 14), rules, SupervisionThresholds.Default));
        Assert.Equal(Nov(14).AddDays(-15), BlockingRules.EarliestServiceDate(Outpatient("V1", 14), rules, SupervisionThresholds.Default));
        Assert.False(BlockingRules.NeedHistory([RuleId.OverRegulatedPrice]));
        Assert.True(BlockingRules.NeedHistory([RuleId.OverRegulatedPrice, RuleId.ChargedTwice]));
    }

    [Fact]
    public void Only_the_blocking_rules_run_and_the_refusal_names_the_rule_and_the_earlier_settlement()
    {
        // S2 overlaps S1 and is also a quick readmission of S0's category; only overlapping_stays blocks.
        var history = new[] { Stay("S0", 1, 3), Stay("S1", 5, 12) };
        var wouldBe = Stay("S2", 10, 14).AcceptedOn(15);

        var findings = Supervisor.OnVisit(wouldBe, history, SupervisionThresholds.Default, [RuleId.OverlappingStays]);

        Assert.Equal([RuleId.OverlappingStays], findings.Select(f => f.RuleId));
        Assert.Equal(2, Supervisor.OnVisit(wouldBe, history, SupervisionThresholds.Default).Select(f => f.RuleId).Distinct().Count());
        var refusal = BlockingRules.Refusal(findings, wouldBe.SettlementId)!;
        Assert.Equal(RejectionCode.FailedPrecondition, refusal.Code);
        Assert.Equal("settlement refused by supervision rule overlapping_stays: stays, medium, with settlement S1", refusal.Message);
    }

    [Fact]
    public void A_rule_about_the_visit_alone_names_its_items_and_no_findings_refuse_nothing()
    {
        var wouldBe = Outpatient("V1", 3, Beijing, "H1", Line("D-1", 2, unitPriceFen: 1_200, priceLimitFen: 1_000));

        var findings = Supervisor.OnVisit(wouldBe, [], SupervisionThresholds.Default, [RuleId.OverRegulatedPrice]);

        Assert.Equal(
            "settlement refused by supervision rule over_regulated_price: medium, on this visit alone, item D-1",
            BlockingRules.Refusal(findings, "V1")!.Message);
        Assert.Null(BlockingRules.Refusal([], "V1"));
    }
}
