using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests.Supervision;

/// <summary>
/// Supervision in Settle (事中) on a real host: a region whose policy blocks overlapping_stays has a stay that
/// overlaps its person's earlier stay refused, naming the rule and the earlier settlement, with nothing written;
/// the same stays settle for a person of a region that blocks nothing, and once the earlier stay is reversed; a
/// retry of the first stay still answers the first time's settlement. The policy's supervision section reads back
/// through GetRegion as published, and a policy without it shows none.
/// </summary>
public sealed class BlockingRulesTests(BlockingRulesTests.Fixture fixture) : IClassFixture<BlockingRulesTests.Fixture>
{
    private const string Blocking = "510104";
    private const string Lenient = "510105";
    private const string Care = "520102";
    private const string ByCli = "510106";
    private const string Hospital = "SUP-H2";

    private static DateOnly Today => ChinaClock.Today;

    [Fact]
    public async Task A_stay_overlapping_the_persons_earlier_stay_is_refused_naming_the_rule_and_nothing_is_written()
    {
        var first = await fixture.Settlements.SettleAsync(Stay("sup-r1", "sup-p1", Today.AddDays(-5), nights: 4));
        var stream = await fixture.Database.StreamAsync("person:sup-p1");
        var before = await fixture.Database.CountsAsync();

        // Admitted 7 days ago, while the first stay (9 to 5 days ago) still ran.
        var refused = await Rpc.RefusedAsync(
            StatusCode.FailedPrecondition, () => fixture.Settlements.SettleAsync(Stay("sup-r2", "sup-p1", Today, nights: 7)));

        Assert.Equal(
            $"settlement refused by supervision rule overlapping_stays: stays, medium, with settlement {first.SettlementId}",
            refused.Status.Detail);
        Assert.Equal(before, await fixture.Database.CountsAsync());
        Assert.Equal(stream, await fixture.Database.StreamAsync("person:sup-p1"));

        // The first request, sent again, is still answered with its settlement.
        var retried = await fixture.Settlements.SettleAsync(Stay("sup-r1", "sup-p1", Today.AddDays(-5), nights: 4));
        Assert.Equal(first, retried);
        Assert.Equal(before, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task The_same_stays_settle_for_a_person_of_a_region_that_blocks_nothing()
    {
        await fixture.Settlements.SettleAsync(Stay("sup-r3", "sup-p2", Today.AddDays(-5), nights: 4));

        var second = await fixture.Settlements.SettleAsync(Stay("sup-r4", "sup-p2", Today, nights: 7));

        Assert.Equal("sup-p2", second.PersonId);
        Assert.Equal(2, (await fixture.Database.StreamAsync("person:sup-p2")).Count(e => e.Type.StartsWith("settlement_accepted", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_reversed_stay_blocks_nothing()
    {
        var first = await fixture.Settlements.SettleAsync(Stay("sup-r5", "sup-p3", Today.AddDays(-5), nights: 4));
        await fixture.Settlements.ReverseAsync(new ReverseRequest
        {
            RequestId = "sup-r6", SettlementId = first.SettlementId, CareRegionCode = Care, Reason = "sent for the wrong person",
        });

        var second = await fixture.Settlements.SettleAsync(Stay("sup-r7", "sup-p3", Today, nights: 7));

        Assert.NotEqual(first.SettlementId, second.SettlementId);
    }

    [Fact]
    public async Task A_policy_with_a_supervision_section_reads_back_through_GetRegion_as_published()
    {
        var region = await fixture.Registry.GetRegionAsync(new GetRegionRequest { RegionCode = Blocking });

        Assert.Equal(BlockingSettings(), Assert.Single(region.PolicyVersions).Policy.Supervision);
    }

    [Fact]
    public async Task A_policy_without_the_section_shows_none()
    {
        var region = await fixture.Registry.GetRegionAsync(new GetRegionRequest { RegionCode = Lenient });

        Assert.Null(Assert.Single(region.PolicyVersions).Policy.Supervision);
    }

    [Fact]
    public async Task A_policy_blocking_outliers_is_refused_naming_the_field_and_nothing_is_written()
    {
        var before = await fixture.Database.CountsAsync();
        var policy = Policies.Standard();
        policy.Supervision = new SupervisionSettings { BlockingRules = { "outliers" } };

        var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Registry.PublishPolicyAsync(new PublishPolicyRequest
        {
            RequestId = "sup-r8", RegionCode = Lenient, EffectiveFrom = ChinaClock.Format(Today.AddDays(1)), Policy = policy,
        }));

        Assert.Equal("policy.supervision.blocking_rules: outliers cannot block: it judges a whole period, not one settlement", refused.Status.Detail);
        Assert.Equal(before, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task The_command_line_publishes_a_policy_file_with_a_supervision_section_and_a_rerun_is_a_retry()
    {
        var directory = Directory.CreateTempSubdirectory("clearinghouse-cli-policy-");
        try
        {
            var file = Path.Combine(directory.FullName, "policy.json");
            await File.WriteAllTextAsync(file, PolicyFile);

            var first = await CliRun.RunAsync(fixture.Host.Address, "publish-policy", "--region", ByCli, "--effective-from", "2020-01-01", "--file", file);
            var printed = first.Ok("publish-policy");
            var version = printed.Fields("policy_version");
            Assert.Equal((ByCli, "1", "EMPLOYEE", "overlapping_stays, charged_twice"),
                (version["region"], version["version"], version["schemes"], version["blocking_rules"]));
            var thresholds = printed.Fields("supervision_thresholds");
            Assert.Equal(("20", "30", "D-1=30", "A-ADM"),
                (thresholds["readmission_window_days"], thresholds["split_window_days"], thresholds["quantity_limits_by_code"], thresholds["once_only_codes"]));

            var counts = await fixture.Database.CountsAsync();
            var again = await CliRun.RunAsync(fixture.Host.Address, "publish-policy", "--region", ByCli, "--effective-from", "2020-01-01", "--file", file);
            Assert.True(again.ExitCode == 0 && again.Out == first.Out, $"a re-run printed something else:\n{again}\nfirst:\n{first}");
            Assert.Equal(counts, await fixture.Database.CountsAsync());

            var region = await fixture.Registry.GetRegionAsync(new GetRegionRequest { RegionCode = ByCli });
            var supervision = Assert.Single(region.PolicyVersions).Policy.Supervision;
            Assert.Equal((20, 30, 100), (supervision.ReadmissionWindowDays, supervision.SplitWindowDays, supervision.DefaultQuantityLimit));
            Assert.Equal<string>(["overlapping_stays", "charged_twice"], supervision.BlockingRules);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The policy file docs/cli.md shows: one scheme, and thresholds left out where the defaults do.</summary>
    private const string PolicyFile = """
        {
          "schemes": [{
            "scheme": "SCHEME_EMPLOYEE",
            "category_b_copay_bp": 1000, "retired_bonus_bp": 500, "unregistered_reduction_bp": 1000,
            "annual_cap_fen": 30000000, "employer_to_account_bp": 3000,
            "rules": [
              {"visit_type": "VISIT_TYPE_OUTPATIENT", "hospital_level": 2, "deductible_fen": 20000, "ratio_bp": 7500},
              {"visit_type": "VISIT_TYPE_INPATIENT", "hospital_level": 2, "deductible_fen": 60000, "ratio_bp": 8500}
            ]
          }],
          "supervision": {
            "readmission_window_days": 20,
            "quantity_limits_by_code": {"D-1": 30},
            "once_only_codes": ["A-ADM"],
            "blocking_rules": ["overlapping_stays", "charged_twice"]
          }
        }
        """;

    /// <summary>Every threshold set (to other than its default), so the round trip shows each one.</summary>
    private static SupervisionSettings BlockingSettings()
    {
        var settings = new SupervisionSettings
        {
            ReadmissionWindowDays = 20, SplitWindowDays = 14, DefaultQuantityLimit = 60,
            OverPriceMediumBp = 500, OverPriceHighBp = 3000,
            OutlierMadMultipleBp = 40_000, OutlierMinMadBp = 2000, OutlierMinRatioBp = 30_000, OutlierMinPeers = 10,
            BlockingRules = { "overlapping_stays" },
        };
        settings.QuantityLimitsByCode.Add("D-1", 30);
        settings.QuantityLimitsByCode.Add("D-2", 90);
        settings.OnceOnlyCodes.Add("A-ADM");
        return settings;
    }

    /// <summary>A stay at the level-2 hospital of the care region, discharged on <paramref name="discharge"/>.</summary>
    private static SettleRequest Stay(string requestId, string personId, DateOnly discharge, int nights)
    {
        var request = new SettleRequest
        {
            RequestId = requestId, CareRegionCode = Care, HospitalCode = Hospital, PersonId = personId,
            VisitType = VisitType.Inpatient, ServiceDate = ChinaClock.Format(discharge),
            Visit = Stays.Ending(discharge, nights, diagnosis: "K35.800"),
        };
        request.Items.Add(new LineItem { Code = "310100001", Name = "bed", Category = ItemCategory.A, Quantity = nights, UnitPriceFen = 40_000 });
        return request;
    }

    public sealed class Fixture : ClearinghouseFixture
    {
        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "sup-seed");
            await scenario.RegionAsync(Blocking, "Chengdu Jinjiang");
            await scenario.RegionAsync(Lenient, "Chengdu Qingyang");
            await scenario.RegionAsync(Care, "Guiyang Nanming");
            await scenario.RegionAsync(ByCli, "Chengdu Jinniu");
            var blocking = Policies.Standard();
            blocking.Supervision = BlockingSettings();
            await scenario.PolicyAsync(Blocking, new DateOnly(2020, 1, 1), blocking);
            await scenario.PolicyAsync(Lenient, new DateOnly(2020, 1, 1), Policies.Standard());
            await scenario.HospitalAsync(Hospital, Care, 2);
            foreach (var person in new[] { "sup-p1", "sup-p3" })
            {
                await scenario.PersonAsync(person, Blocking, Scheme.Employee, PersonCategory.Active);
            }
            await scenario.PersonAsync("sup-p2", Lenient, Scheme.Employee, PersonCategory.Active);
        }
    }
}
