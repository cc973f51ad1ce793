using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Supervision;
using Clearinghouse.Domain.Tests.Support;

namespace Clearinghouse.Domain.Tests.Policies;

/// <summary>
/// A policy's supervision section is checked with the rest of the policy: each bad threshold names its wire field
/// and bounds, a blocking rule must be a person rule named once, and whatever passes is a set the rules accept.
/// </summary>
public sealed class SupervisionSettingsValidatorTests
{
    private static Policy WithThresholds(Func<SupervisionThresholds, SupervisionThresholds> change) =>
        TestPolicies.Of(TestPolicies.Employee) with { Supervision = new SupervisionSettings { Thresholds = change(SupervisionThresholds.Default) } };

    private static Policy Blocking(params string[] rules) =>
        TestPolicies.Of(TestPolicies.Employee) with { Supervision = new SupervisionSettings { BlockingRules = [.. rules] } };

    /// <summary>Each invalid section, with the exact message it must be refused with.</summary>
    private static readonly Dictionary<string, (Func<Policy> Policy, string Message)> Invalid = new()
    {
        ["readmission window −1"] = (() => WithThresholds(t => t with { ReadmissionWindowDays = -1 }),
            "policy.supervision.readmission_window_days must be within 0..366, got -1"),
        ["readmission window 367"] = (() => WithThresholds(t => t with { ReadmissionWindowDays = 367 }),
            "policy.supervision.readmission_window_days must be within 0..366, got 367"),
        ["split window 0"] = (() => WithThresholds(t => t with { SplitWindowDays = 0 }),
            "policy.supervision.split_window_days must be within 1..366, got 0"),
        ["default quantity limit 0"] = (() => WithThresholds(t => t with { DefaultQuantityLimit = 0 }),
            "policy.supervision.default_quantity_limit must be within 1..1000000, got 0"),
        ["per-code limit 0"] = (() => WithThresholds(t => t with { QuantityLimitsByCode = t.QuantityLimitsByCode.Add("D-1", 0) }),
            "policy.supervision.quantity_limits_by_code[D-1] must be within 1..1000000, got 0"),
        ["per-code limit for an empty code"] = (() => WithThresholds(t => t with { QuantityLimitsByCode = t.QuantityLimitsByCode.Add("", 5) }),
            "policy.supervision.quantity_limits_by_code: an item code is 1..64 characters, got ''"),
        ["blank once-only code"] = (() => WithThresholds(t => t with { OnceOnlyCodes = t.OnceOnlyCodes.Add(" ") }),
            "policy.supervision.once_only_codes: an item code is 1..64 characters, got ' '"),
        ["medium above high"] = (() => WithThresholds(t => t with { OverPriceMediumBp = 6_000, OverPriceHighBp = 5_000 }),
            "policy.supervision.over_price_medium_bp must be within 0..5000, got 6000"),
        ["high above 100 times"] = (() => WithThresholds(t => t with { OverPriceHighBp = 1_000_001 }),
            "policy.supervision.over_price_high_bp must be within 0..1000000, got 1000001"),
        ["negative MAD multiple"] = (() => WithThresholds(t => t with { OutlierMadMultipleBp = -1 }),
            "policy.supervision.outlier_mad_multiple_bp must be within 0..1000000, got -1"),
        ["MAD share above the median"] = (() => WithThresholds(t => t with { OutlierMinMadBp = 10_001 }),
            "policy.supervision.outlier_min_mad_bp must be within 0..10000, got 10001"),
        ["median multiple above 100"] = (() => WithThresholds(t => t with { OutlierMinRatioBp = 1_000_001 }),
            "policy.supervision.outlier_min_ratio_bp must be within 0..1000000, got 1000001"),
        ["two peers"] = (() => WithThresholds(t => t with { OutlierMinPeers = 2 }),
            "policy.supervision.outlier_min_peers must be within 3..1000000, got 2"),
        ["blocking outliers"] = (() => Blocking(RuleId.Outliers),
            "policy.supervision.blocking_rules: outliers cannot block: it judges a whole period, not one settlement"),
        ["blocking an unknown rule"] = (() => Blocking(RuleId.OverlappingStays, "ghost_visits"),
            "policy.supervision.blocking_rules: unknown rule 'ghost_visits'; the rules are overlapping_stays, quick_readmission, two_places_at_once, split_prescriptions, over_regulated_price, charged_twice"),
        ["blocking a rule twice"] = (() => Blocking(RuleId.OverlappingStays, RuleId.OverlappingStays),
            "policy.supervision.blocking_rules names overlapping_stays more than once"),
    };

    public static TheoryData<string> InvalidCases => new(Invalid.Keys);

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_supervision_section_is_rejected_with_InvalidArgument_and_a_precise_message(string @case)
    {
        var (policy, message) = Invalid[@case];

        var rejected = Assert.Throws<RejectedException>(() => PolicyValidator.Validate(policy()));

        Assert.Equal(RejectionCode.InvalidArgument, rejected.Code);
        Assert.Equal(message, rejected.Message);
    }

    [Fact]
    public void Every_person_rule_may_block_and_the_bounds_themselves_pass()
    {
        var policy = Blocking([.. RuleId.PersonRules]);
        var edges = new SupervisionSettings
        {
            Thresholds = new SupervisionThresholds
            {
                ReadmissionWindowDays = 0, SplitWindowDays = 366, DefaultQuantityLimit = Limits.MaxQuantity,
                QuantityLimitsByCode = SupervisionThresholds.Default.QuantityLimitsByCode.Add(new string('D', Limits.MaxCodeLength), 1),
                OverPriceMediumBp = 1_000_000, OverPriceHighBp = 1_000_000, OutlierMinPeers = 3,
            },
            BlockingRules = [.. RuleId.PersonRules],
        };

        PolicyValidator.Validate(policy);
        PolicyValidator.Validate(policy with { Supervision = edges });
        // What the validator lets through, the rules run with.
        edges.Thresholds.Check();
    }
}
