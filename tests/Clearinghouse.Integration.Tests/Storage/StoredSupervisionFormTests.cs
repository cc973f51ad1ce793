using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Supervision;
using static Clearinghouse.Integration.Tests.Support.StoredForms;

namespace Clearinghouse.Integration.Tests.Storage;

/// <summary>
/// The policy's supervision section came later, without a new event version: a policy stored without it reads
/// back with none (the default thresholds, nothing blocking), one without it is still stored without it, and one
/// with it round-trips with every threshold. Checked on the serializer the store is configured with (no database).
/// </summary>
public sealed class StoredSupervisionFormTests
{
    private const string Stored = """
        {"Request":{"Scope":"610924","RequestId":"r-1","Fingerprint":"f","AcceptedAt":"2026-03-10T02:00:00+00:00"},
         "RegionCode":"610924","Version":1,"EffectiveFrom":"2026-01-01",
         "Policy":{"Schemes":[{"Scheme":"Employee","CategoryBCopayBp":1000,"RetiredBonusBp":500,"UnregisteredReductionBp":1000,
           "AnnualCapFen":20000000,"EmployerToAccountBp":3000,
           "Rules":[{"VisitType":"Inpatient","HospitalLevel":2,"DeductibleFen":80000,"RatioBp":8500}]}]}
        }
        """;

    [Fact]
    public void A_policy_stored_before_the_section_reads_back_with_the_default_thresholds_and_nothing_blocking()
    {
        var published = Read<PolicyPublished>(Stored);

        Assert.Null(published.Policy.Supervision);
        Assert.Same(SupervisionThresholds.Default, published.Policy.SupervisionThresholds());
    }

    [Fact]
    public void A_policy_without_the_section_is_stored_as_before()
    {
        var json = Write(Read<PolicyPublished>(Stored));

        Assert.DoesNotContain("Supervision", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_with_the_section_round_trips_and_a_threshold_left_out_reads_as_its_default()
    {
        var published = Read<PolicyPublished>(Stored);
        var thresholds = SupervisionThresholds.Default with
        {
            ReadmissionWindowDays = 20,
            QuantityLimitsByCode = SupervisionThresholds.Default.QuantityLimitsByCode.Add("D-1", 30),
            OnceOnlyCodes = ["A-ADM"],
            OutlierMinPeers = 10,
        };
        var with = published with
        {
            Policy = published.Policy with
            {
                Supervision = new SupervisionSettings { Thresholds = thresholds, BlockingRules = [RuleId.OverlappingStays] },
            },
        };

        var read = Read<PolicyPublished>(Write(with)).Policy.Supervision!;

        Assert.Equal<string>([RuleId.OverlappingStays], read.BlockingRules);
        var t = read.Thresholds;
        Assert.Equal((20, 30, 100, 10, 5_000), (t.ReadmissionWindowDays, t.QuantityLimitOf("D-1"), t.QuantityLimitOf("D-2"), t.OutlierMinPeers, t.OverPriceHighBp));
        Assert.Equal<string>(["A-ADM"], t.OnceOnlyCodes);

        // A section naming only a blocking rule: every threshold is its default.
        var partial = Stored.Replace("]}]}", """]}],"Supervision":{"BlockingRules":["charged_twice"]}}""", StringComparison.Ordinal);
        var section = Read<PolicyPublished>(partial).Policy.Supervision!;
        Assert.Equal<string>([RuleId.ChargedTwice], section.BlockingRules);
        Assert.Same(SupervisionThresholds.Default, section.Thresholds);
    }
}
