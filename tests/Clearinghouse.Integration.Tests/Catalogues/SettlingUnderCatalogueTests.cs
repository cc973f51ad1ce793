using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using static Clearinghouse.Integration.Tests.Support.CatalogueStream;

namespace Clearinghouse.Integration.Tests.Catalogues;

/// <summary>
/// Settling under the care region's catalogue end to end (docs/domain.md, "Lines, catalogues and price limits"): a
/// published catalogue overrides the category the hospital sent, prices over-limit self-pay, refuses an unknown code
/// with nothing written, and a second version decides visits from its effective date on; a care region without a
/// catalogue settles on the categories sent, as before. The insured region's policy is chosen so every figure is
/// worked by hand: outpatient, no deductible, 80%, category B copay 10%, no registration reduction.
/// </summary>
public sealed class SettlingUnderCatalogueTests : IClassFixture<CatalogueFixture>
{
    private const string Insured = "440103";
    private const string CareWithCatalogue = "310104";
    private const string CareWithout = "320102";
    private const string Person = "cat-settle-1";

    private readonly CatalogueFixture _fixture;
    private readonly DateOnly _today;

    public SettlingUnderCatalogueTests(CatalogueFixture fixture)
    {
        _fixture = fixture;
        _today = fixture.AtNoon();
    }

    private DateOnly Yesterday => _today.AddDays(-1);

    /// <summary>Idempotent: every request id is fixed, so each fact may call it and the first call does the work.</summary>
    private async Task SeedAsync()
    {
        foreach (var region in new[] { Insured, CareWithCatalogue, CareWithout })
        {
            await _fixture.RegionAsync(region);
        }
        await _fixture.Registry.PublishPolicyAsync(new PublishPolicyRequest
        {
            RequestId = "cat-settle-policy", RegionCode = Insured, EffectiveFrom = "2020-01-01",
            Policy = Policies.Of(Policies.SchemeOf(Scheme.Employee, categoryBCopayBp: 1_000, retiredBonusBp: 0, unregisteredReductionBp: 0,
                annualCapFen: 100_000_000, employerToAccountBp: 0, outpatientDeductibleFen: 0, outpatientRatioBp: [8_000, 8_000, 8_000],
                inpatientDeductibleFen: [0, 0, 0], inpatientRatioBp: [9_000, 9_000, 9_000])),
        });
        await _fixture.Registry.RegisterHospitalAsync(new RegisterHospitalRequest
            { RequestId = "cat-settle-h1", RegionCode = CareWithCatalogue, HospitalCode = "CAT-H1", Name = "Hospital 1", Level = 1 });
        await _fixture.Registry.RegisterHospitalAsync(new RegisterHospitalRequest
            { RequestId = "cat-settle-h2", RegionCode = CareWithout, HospitalCode = "CAT-H2", Name = "Hospital 2", Level = 1 });
        await _fixture.Registry.EnrollPersonAsync(new EnrollPersonRequest
            { RequestId = "cat-settle-enrol", PersonId = Person, InsuredRegionCode = Insured, Scheme = Scheme.Employee, Category = PersonCategory.Active });
        // Version 1 since 2020: a 乙 drug limited to 10.00 yuan a box. Version 2 from today: the same drug 甲, limited to 8.00.
        await _fixture.Registry.PublishAsync(Messages(Header("cat-settle-v1", CareWithCatalogue, new DateOnly(2020, 1, 1)),
            [Item("DRUG-A", ItemCategory.A), Item("DRUG-B", ItemCategory.B, 1_000), Item("ITEM-C", ItemCategory.C)]));
        await _fixture.Registry.PublishAsync(Messages(Header("cat-settle-v2", CareWithCatalogue, _today),
            [Item("DRUG-A", ItemCategory.A), Item("DRUG-B", ItemCategory.A, 800), Item("ITEM-C", ItemCategory.C)]));
    }

    private static SettleRequest Visit(string requestId, string care, string hospital, DateOnly serviceDate, params LineItem[] lines)
    {
        var request = new SettleRequest
        {
            RequestId = requestId, CareRegionCode = care, HospitalCode = hospital, PersonId = Person,
            VisitType = VisitType.Outpatient, ServiceDate = ChinaClock.Format(serviceDate),
        };
        request.Items.AddRange(lines);
        return request;
    }

    private static LineItem Line(string code, ItemCategory sent, int quantity, long unitPriceFen) =>
        new() { Code = code, Name = code, Category = sent, Quantity = quantity, UnitPriceFen = unitPriceFen };

    private async Task<(Settlement Answer, Settlement Read)> SettleAsync(SettleRequest request)
    {
        var answer = await _fixture.Settlements.SettleAsync(request);
        var read = await _fixture.Settlements.GetSettlementAsync(new GetSettlementRequest { SettlementId = answer.SettlementId });
        return (answer, read);
    }

    [Fact]
    public async Task The_catalogue_category_stands_over_the_one_sent_and_is_recorded_beside_it()
    {
        await SeedAsync();
        // DRUG-B sent as 甲, 2 boxes at 9.00 (under the limit): settled as 乙. B 1,800; copay 10% = 180; eligible 1,620;
        // fund 80% = 1,296; cash 504.
        var (answer, read) = await SettleAsync(Visit("cat-settle-override", CareWithCatalogue, "CAT-H1", Yesterday, Line("DRUG-B", ItemCategory.A, 2, 900)));

        Assert.Equal((1_800L, 180L, 1_620L, 1_296L, 504L, 0L, 1), (answer.TotalFen, answer.CopayBFen, answer.EligibleFen, answer.FundPayFen, answer.CashPayFen, answer.OverLimitSelfPayFen, answer.CatalogueVersion));
        var line = Assert.Single(read.Items);
        Assert.Equal((ItemCategory.B, ItemCategory.A, 900L, 1_800L, 1_000L, 0L), (line.Category, line.CategorySent, line.UnitPriceFen, line.AmountFen, line.PriceLimitFen, line.OverLimitFen));
    }

    [Fact]
    public async Task Above_the_price_limit_the_excess_is_over_limit_self_pay_outside_the_eligible_amount()
    {
        await SeedAsync();
        // DRUG-B, 3 boxes at 12.00 against a limit of 10.00: over-limit 2.00 × 3 = 600; within the limit 3,000 to 乙;
        // copay 300; eligible 2,700; fund 2,160; cash 3,600 − 2,160 = 1,440 (over-limit, copay and the uncovered 20%).
        var (answer, read) = await SettleAsync(Visit("cat-settle-over", CareWithCatalogue, "CAT-H1", Yesterday, Line("DRUG-B", ItemCategory.B, 3, 1_200)));

        Assert.Equal((3_600L, 600L, 300L, 0L, 2_700L, 2_160L, 1_440L),
            (answer.TotalFen, answer.OverLimitSelfPayFen, answer.CopayBFen, answer.SelfPayCFen, answer.EligibleFen, answer.FundPayFen, answer.CashPayFen));
        Assert.Equal(answer.TotalFen, answer.EligibleFen + answer.CopayBFen + answer.SelfPayCFen + answer.OverLimitSelfPayFen);
        Assert.Equal(600L, Assert.Single(read.Items).OverLimitFen);
        Assert.Equal(600L, read.OverLimitSelfPayFen);
    }

    [Fact]
    public async Task An_unknown_code_is_refused_naming_it_and_nothing_is_written()
    {
        await SeedAsync();
        var before = await _fixture.Database.CountsAsync();

        var refused = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => _fixture.Settlements.SettleAsync(
            Visit("cat-settle-unknown", CareWithCatalogue, "CAT-H1", Yesterday, Line("DRUG-A", ItemCategory.A, 1, 500), Line("NOT-LISTED", ItemCategory.A, 1, 500))));

        Assert.Contains("NOT-LISTED", refused.Status.Detail);
        Assert.Contains(CareWithCatalogue, refused.Status.Detail);
        Assert.Equal(before, await _fixture.Database.CountsAsync());
        // A line without its unit price cannot be held against a limit: refused too.
        var unpriced = new LineItem { Code = "DRUG-A", Name = "DRUG-A", Category = ItemCategory.A, Quantity = 1, AmountFen = 500 };
        var noPrice = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => _fixture.Settlements.SettleAsync(
            Visit("cat-settle-unpriced", CareWithCatalogue, "CAT-H1", Yesterday, unpriced)));
        Assert.Contains("unit_price_fen", noPrice.Status.Detail);
        Assert.Equal(before, await _fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task A_version_taking_effect_decides_visits_from_its_date_on_and_not_before()
    {
        await SeedAsync();
        // The same line on each side of version 2's effective date (today): 1 box of DRUG-B at 9.00.
        // Yesterday, version 1: 乙, under its 10.00 limit: copay 90, eligible 810, fund 648.
        var (before, _) = await SettleAsync(Visit("cat-settle-v1-side", CareWithCatalogue, "CAT-H1", Yesterday, Line("DRUG-B", ItemCategory.B, 1, 900)));
        // Today, version 2: 甲, limited to 8.00: over-limit 100, eligible 800, fund 640.
        var (after, read) = await SettleAsync(Visit("cat-settle-v2-side", CareWithCatalogue, "CAT-H1", _today, Line("DRUG-B", ItemCategory.B, 1, 900)));

        Assert.Equal((1, 90L, 810L, 648L, 0L), (before.CatalogueVersion, before.CopayBFen, before.EligibleFen, before.FundPayFen, before.OverLimitSelfPayFen));
        Assert.Equal((2, 0L, 800L, 640L, 100L), (after.CatalogueVersion, after.CopayBFen, after.EligibleFen, after.FundPayFen, after.OverLimitSelfPayFen));
        Assert.Equal((ItemCategory.A, ItemCategory.B), (read.Items[0].Category, read.Items[0].CategorySent));
    }

    [Fact]
    public async Task A_care_region_without_a_catalogue_settles_on_the_categories_sent()
    {
        await SeedAsync();
        // 2 × 5.00 sent as 乙 and a legacy line of 3.00 (no unit price) sent as 丙: B 1,000, copay 100, C 300,
        // eligible 900, fund 720, cash 580.
        var legacy = new LineItem { Code = "ANY-C", Name = "ANY-C", Category = ItemCategory.C, Quantity = 1, AmountFen = 300 };
        var (answer, read) = await SettleAsync(Visit("cat-settle-none", CareWithout, "CAT-H2", Yesterday, Line("ANY-B", ItemCategory.B, 2, 500), legacy));

        Assert.Equal((1_300L, 100L, 300L, 900L, 720L, 580L, 0L, 0),
            (answer.TotalFen, answer.CopayBFen, answer.SelfPayCFen, answer.EligibleFen, answer.FundPayFen, answer.CashPayFen, answer.OverLimitSelfPayFen, answer.CatalogueVersion));
        Assert.Equal([(ItemCategory.B, ItemCategory.B, 500L), (ItemCategory.C, ItemCategory.C, 0L)],
            read.Items.Select(i => (i.Category, i.CategorySent, i.UnitPriceFen)));
    }
}
