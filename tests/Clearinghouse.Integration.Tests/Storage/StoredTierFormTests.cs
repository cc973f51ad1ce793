using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Settlements;
using static Clearinghouse.Integration.Tests.Support.StoredForms;

namespace Clearinghouse.Integration.Tests.Storage;

/// <summary>
/// The tiers (三级赔付) added fields to stored events without a new version: each has a default that says what
/// an event stored before them meant. Checked on the serializer the store is configured with (no database):
/// a settlement, a reversal, a policy and a contribution in the JSON an earlier build wrote read back with the
/// tier figures 0 and no tiers, and the current forms round-trip.
/// </summary>
public sealed class StoredTierFormTests
{
    private const string Stamp = """{"Scope":"110101","RequestId":"r-1","Fingerprint":"f","AcceptedAt":"2026-03-10T02:00:00+00:00"}""";

    [Fact]
    public void A_settlement_stored_before_the_tiers_reads_back_with_every_tier_figure_zero()
    {
        const string Old = $$"""
            {"Request":{{Stamp}},"SettlementId":"s-1","Period":"2026-03","PersonId":"p-1","InsuredRegionCode":"610924",
             "CareRegionCode":"110101","HospitalCode":"H-1","HospitalLevel":2,"VisitType":"Inpatient","ServiceDate":"2026-03-01",
             "UsePersonalAccount":false,"RegisteredForCareRegion":true,"PolicyVersion":1,
             "Breakdown":{"TotalFen":650000,"SelfPayCFen":50000,"CopayBFen":20000,"EligibleFen":580000,"DeductibleFen":80000,
                          "RatioBp":8500,"FundPayFen":425000,"AccountPayFen":0,"CashPayFen":225000},
             "Items":[["A-1","a","A",1,400000],["B-1","b","B",1,200000],["C-1","c","C",1,50000]]}
            """;

        var settled = Read<SettlementAccepted>(Old);

        Assert.Equal(new SettlementBreakdown(650_000, 50_000, 20_000, 580_000, 80_000, 8_500, 425_000, 0, 225_000, 0, 0, 0), settled.Breakdown);
        Assert.Equal(425_000, settled.Breakdown.ObligationFen);
        Assert.Equal(3, settled.Items.Length);
    }

    [Fact]
    public void A_reversal_stored_before_the_tiers_restores_no_tier_total()
    {
        const string Old = $$"""
            {"Request":{{Stamp}},"ReversalId":"v-1","SettlementId":"s-1","Period":"2026-03","PersonId":"p-1","InsuredRegionCode":"610924",
             "CareRegionCode":"110101","Reason":"duplicate","ServiceYear":2026,"FundPayFen":425000,"AccountPayFen":0,"OutpatientDeductibleFen":0}
            """;

        var reversed = Read<SettlementReversed>(Old);

        Assert.Equal((425_000L, 0L, 0L, 0L), (reversed.FundPayFen, reversed.QualifyingSelfBurdenFen, reversed.SeriousIllnessPayFen, reversed.AssistancePayFen));
        Assert.Equal(425_000, reversed.ObligationFen);
    }

    [Fact]
    public void A_policy_stored_before_the_tiers_has_none_and_no_serious_illness_share()
    {
        const string Old = $$"""
            {"Request":{{Stamp}},"RegionCode":"610924","Version":1,"EffectiveFrom":"2026-01-01",
             "Policy":{"Schemes":[{"Scheme":"Employee","CategoryBCopayBp":1000,"RetiredBonusBp":500,"UnregisteredReductionBp":1000,
               "AnnualCapFen":20000000,"EmployerToAccountBp":3000,
               "Rules":[{"VisitType":"Inpatient","HospitalLevel":2,"DeductibleFen":80000,"RatioBp":8500}]}]}
            }
            """;

        var scheme = Read<PolicyPublished>(Old).Policy.Schemes.Single();

        Assert.Equal((null, null, 0, false), (scheme.SeriousIllness, scheme.Assistance, scheme.SeriousIllnessShareBp, scheme.HasTiers));
        PolicyValidator.Validate(new Policy([scheme]));
    }

    [Fact]
    public void A_contribution_stored_before_the_serious_illness_share_credited_nothing_to_it()
    {
        const string Old = $$"""
            {"Request":{{Stamp}},"InsuredRegionCode":"610924","Period":"2026-01","EmployerFen":60000,"IndividualFen":20000,
             "AccountCreditFen":26000,"PooledCreditFen":54000,"AccountBalanceAfterFen":26000}
            """;

        var contribution = Read<ContributionRecorded>(Old);

        Assert.Equal((26_000L, 54_000L, 0L), (contribution.AccountCreditFen, contribution.PooledCreditFen, contribution.SeriousIllnessCreditFen));
    }

    [Fact]
    public void The_current_forms_round_trip_with_their_tiers()
    {
        var stamp = new RequestStamp("110101", "r-2", "f", new DateTimeOffset(2026, 12, 6, 1, 2, 3, TimeSpan.Zero));
        var tiered = new SchemePolicy(
            Scheme.Employee, 1_000, 500, 1_000, 20_000_000, 3_000, [new BenefitRule(VisitType.Inpatient, 2, 80_000, 8_500)],
            new SeriousIllnessTier(1_500_000, [new TierBand(10_000_000, 6_000), new TierBand(null, 8_000)], 40_000_000),
            new AssistanceTier(7_000, 10_000, 5_000, 5_000_000),
            1_000);
        var published = new PolicyPublished(stamp, "610924", 2, new DateOnly(2026, 12, 7), new Policy([tiered]));
        var reversed = new SettlementReversed(stamp, "v-2", "s-2", "2026-12", "p-1", "610924", "110101", "x", 2026, 1, 2, 3, 4, 5, 6);
        var contribution = new ContributionRecorded(stamp, "610924", "2026-12", 80_005, 20_000, 44_001, 50_404, 44_001, 5_600);

        var back = Read<PolicyPublished>(Write(published)).Policy.Schemes.Single();
        Assert.Equal(tiered.SeriousIllness!.Bands.ToArray(), back.SeriousIllness!.Bands.ToArray());
        Assert.Equal(tiered.SeriousIllness with { Bands = [] }, back.SeriousIllness with { Bands = [] });
        Assert.Equal(tiered with { Rules = [], SeriousIllness = null }, back with { Rules = [], SeriousIllness = null });
        Assert.Equal(reversed, Read<SettlementReversed>(Write(reversed)));
        Assert.Equal(contribution, Read<ContributionRecorded>(Write(contribution)));
    }

    [Fact]
    public void Without_tiers_a_breakdown_and_a_reversal_are_stored_as_before_them()
    {
        var breakdown = new SettlementBreakdown(650_000, 50_000, 20_000, 580_000, 80_000, 8_500, 425_000, 0, 225_000);
        Assert.Equal(
            """{"TotalFen":650000,"SelfPayCFen":50000,"CopayBFen":20000,"EligibleFen":580000,"DeductibleFen":80000,"RatioBp":8500,"FundPayFen":425000,"AccountPayFen":0,"CashPayFen":225000}""",
            Write(breakdown));
        var tiered = breakdown with { QualifyingSelfBurdenFen = 175_000, SeriousIllnessPayFen = 1, AssistancePayFen = 2, CashPayFen = 224_997 };
        Assert.Contains("\"QualifyingSelfBurdenFen\":175000,\"SeriousIllnessPayFen\":1,\"AssistancePayFen\":2", Write(tiered), StringComparison.Ordinal);
        Assert.Equal(tiered, Read<SettlementBreakdown>(Write(tiered)));

        var stamp = new RequestStamp("110101", "r-3", "f", new DateTimeOffset(2026, 12, 6, 1, 2, 3, TimeSpan.Zero));
        var reversal = Write(new SettlementReversed(stamp, "v-3", "s-3", "2026-12", "p-1", "610924", "110101", "x", 2026, 1, 2, 3));
        Assert.EndsWith("\"FundPayFen\":1,\"AccountPayFen\":2,\"OutpatientDeductibleFen\":3}", reversal, StringComparison.Ordinal);
    }
}
