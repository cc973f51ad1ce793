using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Tests.Support;
using static Clearinghouse.Domain.Tests.Support.TierPolicies;

namespace Clearinghouse.Domain.Tests.Policies;

/// <summary>The serious-illness and assistance tiers are checked with the rest of the policy; each bad field names itself.</summary>
public sealed class TierValidatorTests
{
    private static Policy With(Func<SchemePolicy, SchemePolicy> change) => TestPolicies.Of(change(Tiered));

    private static Policy WithBands(params TierBand[] bands) => With(s => s with { SeriousIllness = SeriousIllness with { Bands = [.. bands] } });

    /// <summary>Each invalid tier, with the exact message it must be refused with.</summary>
    private static readonly Dictionary<string, (Func<Policy> Policy, string Message)> Invalid = new()
    {
        ["serious-illness share 10001"] = (() => With(s => s with { SeriousIllnessShareBp = 10_001 }),
            "Employee.serious_illness_share_bp must be within 0..10000 basis points, got 10001"),
        ["negative threshold"] = (() => With(s => s with { SeriousIllness = SeriousIllness with { ThresholdFen = -1 } }),
            "Employee.serious_illness.threshold_fen must be within 0..10000000000, got -1"),
        ["negative serious-illness cap"] = (() => With(s => s with { SeriousIllness = SeriousIllness with { AnnualCapFen = -1 } }),
            "Employee.serious_illness.annual_cap_fen must be within 0..10000000000, got -1"),
        ["no bands"] = (() => WithBands(), "Employee.serious_illness.bands must hold 1..10 bands"),
        ["eleven bands"] = (() => WithBands([.. Enumerable.Range(1, 10).Select(k => new TierBand(ThresholdFen + k, 100)), new TierBand(null, 100)]),
            "Employee.serious_illness.bands must hold 1..10 bands"),
        ["band ratio 10001"] = (() => WithBands(new TierBand(10_000_000, 10_001), new TierBand(null, 8_000)),
            "Employee.serious_illness.bands[0].ratio_bp must be within 0..10000 basis points, got 10001"),
        ["band ratio −1"] = (() => WithBands(new TierBand(10_000_000, 6_000), new TierBand(null, -1)),
            "Employee.serious_illness.bands[1].ratio_bp must be within 0..10000 basis points, got -1"),
        ["first bound at the threshold"] = (() => WithBands(new TierBand(ThresholdFen, 6_000), new TierBand(null, 8_000)),
            "Employee.serious_illness.bands[0].up_to_fen 1500000 must be greater than threshold_fen 1500000: bands increase"),
        ["bounds not increasing"] = (() => WithBands(new TierBand(20_000_000, 6_000), new TierBand(10_000_000, 7_000), new TierBand(null, 8_000)),
            "Employee.serious_illness.bands[1].up_to_fen 10000000 must be greater than bands[0].up_to_fen 20000000: bands increase"),
        ["last band bounded"] = (() => WithBands(new TierBand(10_000_000, 6_000), new TierBand(20_000_000, 7_000)),
            "Employee.serious_illness.bands[1].up_to_fen must be absent: the last band has no upper bound"),
        ["open band before the last"] = (() => WithBands(new TierBand(null, 6_000), new TierBand(null, 7_000)),
            "Employee.serious_illness.bands[0].up_to_fen is required: only the last band has no upper bound"),
        ["bound above the limit"] = (() => WithBands(new TierBand(Limits.MaxAmountFen + 1, 6_000), new TierBand(null, 7_000)),
            "Employee.serious_illness.bands[0].up_to_fen must be within 0..10000000000, got 10000000001"),
        ["assistance ratio 10001"] = (() => With(s => s with { Assistance = Assistance with { ExtremePovertyRatioBp = 10_001 } }),
            "Employee.assistance.extreme_poverty_ratio_bp must be within 0..10000 basis points, got 10001"),
        ["assistance ratio −1"] = (() => With(s => s with { Assistance = Assistance with { MinimumLivingRatioBp = -1 } }),
            "Employee.assistance.minimum_living_ratio_bp must be within 0..10000 basis points, got -1"),
        ["negative assistance cap"] = (() => With(s => s with { Assistance = Assistance with { AnnualCapFen = -1 } }),
            "Employee.assistance.annual_cap_fen must be within 0..10000000000, got -1"),
    };

    public static TheoryData<string> InvalidCases => new(Invalid.Keys);

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_tier_is_rejected_with_InvalidArgument_and_a_precise_message(string @case)
    {
        var (policy, message) = Invalid[@case];

        var rejected = Assert.Throws<RejectedException>(() => PolicyValidator.Validate(policy()));

        Assert.Equal(RejectionCode.InvalidArgument, rejected.Code);
        Assert.Equal(message, rejected.Message);
    }

    [Fact]
    public void Valid_tiers_pass_at_the_ends_of_their_ranges()
    {
        PolicyValidator.Validate(TestPolicies.Of(Tiered));
        PolicyValidator.Validate(WithBands(new TierBand(null, 10_000)));
        PolicyValidator.Validate(WithBands(new TierBand(ThresholdFen + 1, 0), new TierBand(null, 0)));
        PolicyValidator.Validate(With(s => s with
        {
            SeriousIllnessShareBp = 10_000,
            SeriousIllness = SeriousIllness with { ThresholdFen = 0, AnnualCapFen = 0 },
            Assistance = new AssistanceTier(0, 10_000, 0, Limits.MaxAmountFen),
        }));
        PolicyValidator.Validate(With(s => s with { SeriousIllness = null }));
        PolicyValidator.Validate(With(s => s with { Assistance = null }));
    }
}
