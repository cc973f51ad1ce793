using System.Collections.Immutable;
using Clearinghouse.Domain.Catalogues;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Settlements;
using static Clearinghouse.Domain.Tests.Support.Catalogues;
using static Clearinghouse.Domain.Tests.Support.TestPolicies;
using static Clearinghouse.Domain.Tests.Support.Visits;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>
/// The care region's catalogue (就医地目录) on a visit, docs/domain.md "Catalogues and price limits": its category
/// stands, a unit price above its price limit leaves the excess to the patient (超限价自付) outside the eligible
/// amount and the qualifying self-burden. Every figure is computed by hand in the comments.
/// </summary>
public sealed class CatalogueExamples
{
    private static readonly DateOnly ServiceDay = new(2026, 3, 10);
    private static readonly DateOnly January = new(2026, 1, 1);

    private static (ImmutableArray<LineItem> Lines, SettlementBreakdown Breakdown) Settle(
        SchemePolicy policy, BenefitRule rule, Catalogue? catalogue, VisitFacts visit, YearToDate? ytd = null)
    {
        var lines = CataloguePricing.Apply(visit.Items, catalogue, ServiceDay);
        return (lines, SettlementCalculator.Calculate(policy, rule, visit with { Items = lines }, ytd ?? NothingYet));
    }

    [Fact]
    public void The_catalogue_category_stands_and_the_category_sent_is_kept_beside_it()
    {
        var catalogue = Version(1, January, Item("250101001", ItemCategory.B), Item("310100002", ItemCategory.A));
        // Sent as A, catalogued B: 2 × 30,000 = 60,000 in B. Sent as C, catalogued A: 100,000 in A.
        var visit = Inpatient(Line("250101001", ItemCategory.A, 2, 30_000), Line("310100002", ItemCategory.C, 1, 100_000));

        var (lines, b) = Settle(Employee, InpatientLevel2, catalogue, visit);

        Assert.Equal([(ItemCategory.B, ItemCategory.A), (ItemCategory.A, ItemCategory.C)], lines.Select(l => (l.Category, l.SentCategory)));
        // total 160,000; copay B round(60,000 × 10%) = 6,000; eligible 154,000; deductible 80,000;
        // fund floor(74,000 × 85%) = 62,900; cash 160,000 − 62,900 = 97,100.
        Assert.Equal(new SettlementBreakdown(160_000, 0, 6_000, 154_000, 80_000, 8_500, 62_900, 0, 97_100), b);
    }

    [Fact]
    public void Above_the_price_limit_the_excess_is_over_limit_self_pay_outside_the_eligible_amount()
    {
        var catalogue = Version(3, January,
            Item("X1", ItemCategory.A, priceLimitFen: 12_000),
            Item("X2", ItemCategory.B, priceLimitFen: 50_000),
            Item("X3", ItemCategory.C, priceLimitFen: 1_000),
            Item("X4", ItemCategory.A, priceLimitFen: 20_000));
        var visit = Inpatient(
            Line("X1", ItemCategory.A, 4, 15_000),   // 60,000: (15,000 − 12,000) × 4 = 12,000 over, 48,000 in A
            Line("X2", ItemCategory.B, 2, 50_001),   // 100,002: 1 × 2 = 2 over, 100,000 in B
            Line("X3", ItemCategory.C, 3, 1_500),    // 4,500: 500 × 3 = 1,500 over (a C line's excess too), 3,000 in C
            Line("X4", ItemCategory.A, 1, 20_000));  // 20,000: at the limit, nothing over, 20,000 in A

        var (lines, b) = Settle(Employee, InpatientLevel2, catalogue, visit);

        Assert.Equal([12_000L, 2L, 1_500L, 0L], lines.Select(l => l.OverLimitFen));
        Assert.Equal([12_000L, 50_000L, 1_000L, 20_000L], lines.Select(l => l.PriceLimitFen));
        // A 68,000; B 100,000; C 3,000; over-limit 13,502; total 184,502 (= 60,000 + 100,002 + 4,500 + 20,000).
        // copay B 10,000; eligible 158,000; deductible 80,000; fund floor(78,000 × 85%) = 66,300;
        // cash 184,502 − 66,300 = 118,202. Check: 158,000 + 10,000 + 3,000 + 13,502 = 184,502.
        Assert.Equal(new SettlementBreakdown(184_502, 3_000, 10_000, 158_000, 80_000, 8_500, 66_300, 0, 118_202, OverLimitSelfPayFen: 13_502), b);
    }

    [Fact]
    public void An_item_code_outside_the_catalogue_is_refused_naming_the_code()
    {
        var catalogue = Version(2, January, Item("X1", ItemCategory.A));
        var visit = Inpatient(Line("X1", ItemCategory.A, 1, 100), Line("Z9", ItemCategory.B, 1, 100));

        var refused = Assert.Throws<RejectedException>(() => CataloguePricing.Apply(visit.Items, catalogue, ServiceDay));

        Assert.Equal(RejectionCode.FailedPrecondition, refused.Code);
        Assert.Equal($"item code Z9 is not in care region {Region}'s catalogue version 2 in force on 2026-03-10", refused.Message);
    }

    [Fact]
    public void Under_a_catalogue_every_line_needs_its_unit_price()
    {
        var catalogue = Version(2, January, Item("X1", ItemCategory.A), Item("X2", ItemCategory.A));
        var visit = Inpatient(Line("X1", ItemCategory.A, 1, 100), new LineItem("X2", "legacy line", ItemCategory.A, 1, 500));

        var refused = Assert.Throws<RejectedException>(() => CataloguePricing.Apply(visit.Items, catalogue, ServiceDay));

        Assert.Equal(RejectionCode.FailedPrecondition, refused.Code);
        Assert.Equal($"items[1].unit_price_fen is required for item code X2: care region {Region} has catalogue version 2 in force on 2026-03-10", refused.Message);
    }

    [Fact]
    public void The_same_visit_prices_under_each_catalogue_version_by_its_own_figures()
    {
        // Version 1: M1 in B without a limit; version 2 (from July) moves it to A with a limit of 8,000.
        var first = Version(1, January, Item("M1", ItemCategory.B));
        var second = Version(2, new DateOnly(2026, 7, 1), Item("M1", ItemCategory.A, priceLimitFen: 8_000));
        var noDeductible = new BenefitRule(VisitType.Inpatient, 2, DeductibleFen: 0, RatioBp: 8_500);
        var visit = Inpatient(Line("M1", ItemCategory.B, 1, 10_000));

        // B 10,000: copay 1,000; eligible 9,000; fund floor(9,000 × 85%) = 7,650; cash 2,350.
        Assert.Equal(new SettlementBreakdown(10_000, 0, 1_000, 9_000, 0, 8_500, 7_650, 0, 2_350), Settle(Employee, noDeductible, first, visit).Breakdown);
        // A 8,000 and 2,000 over the limit: eligible 8,000; fund 6,800; cash 10,000 − 6,800 = 3,200.
        Assert.Equal(
            new SettlementBreakdown(10_000, 0, 0, 8_000, 0, 8_500, 6_800, 0, 3_200, OverLimitSelfPayFen: 2_000),
            Settle(Employee, noDeductible, second, visit).Breakdown);
    }

    [Fact]
    public void Without_a_catalogue_the_category_sent_stands_and_nothing_is_over_limit()
    {
        var visit = Inpatient(Line("Q1", ItemCategory.A, 2, 30_000), A(40_000), C(5_000));

        var (lines, b) = Settle(Employee, InpatientLevel2, catalogue: null, visit);

        Assert.Equal(visit.Items, lines);
        Assert.All(lines, l => Assert.Equal((l.Category, (ItemCategory?)null, 0L, 0L), (l.SentCategory, l.CategorySent, l.PriceLimitFen, l.OverLimitFen)));
        // A 100,000; C 5,000: total 105,000; eligible 100,000; deductible 80,000; fund 17,000; cash 88,000.
        Assert.Equal(new SettlementBreakdown(105_000, 5_000, 0, 100_000, 80_000, 8_500, 17_000, 0, 88_000), b);
    }

    [Fact]
    public void Over_limit_self_pay_does_not_qualify_for_the_tiers()
    {
        var catalogue = Version(1, January, Item("S1", ItemCategory.A, priceLimitFen: 20_000));
        var visit = Inpatient(Line("S1", ItemCategory.A, 10, 30_000)) with { AssistanceStatus = AssistanceStatus.MinimumLiving };

        var (_, b) = Settle(Support.TierPolicies.Tiered, InpatientLevel2, catalogue, visit);

        // 300,000 billed: 200,000 in A, 100,000 over the limit. Eligible 200,000; deductible 80,000;
        // fund floor(120,000 × 85%) = 102,000. Qualifying 300,000 − 0 − 100,000 − 102,000 = 98,000 (deductible +
        // coinsurance), below the serious-illness threshold; assistance floor(98,000 × 70%) = 68,600, nothing of
        // the 100,000 over the limit. Cash 300,000 − 102,000 − 68,600 = 129,400.
        Assert.Equal(
            new SettlementBreakdown(300_000, 0, 0, 200_000, 80_000, 8_500, 102_000, 0, 129_400, 98_000, 0, 68_600, OverLimitSelfPayFen: 100_000),
            b);
    }

    [Fact]
    public void The_patient_pays_over_limit_self_pay_from_the_account_as_any_share()
    {
        var catalogue = Version(1, January, Item("S1", ItemCategory.A, priceLimitFen: 20_000));
        var visit = Inpatient(Line("S1", ItemCategory.A, 10, 30_000)) with { UsePersonalAccount = true };

        var (_, b) = Settle(Employee, InpatientLevel2, catalogue, visit, new YearToDate(0, 0, AccountBalanceFen: 150_000));

        // Patient share 300,000 − 102,000 = 198,000: 150,000 from the account, 48,000 cash.
        Assert.Equal((102_000L, 150_000L, 48_000L, 100_000L), (b.FundPayFen, b.AccountPayFen, b.CashPayFen, b.OverLimitSelfPayFen));
    }
}
