using System.Collections.Immutable;
using System.Numerics;
using Clearinghouse.Domain.Catalogues;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Domain.Tests.Support;
using CsCheck;
using Xunit.Abstractions;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>
/// Visits priced under random catalogues (random categories, some price limits) with lines in and out of the
/// catalogue and unit prices around the limits, settled as the grain settles them (CataloguePricing, then the
/// calculator) and by the reference (ReferenceSettlement with its own catalogue reading, ReferenceTiers): the same
/// refusals, and every figure to the fen, with the invariants checked against figures computed another way.
/// </summary>
public sealed class CatalogueReferenceProperties(ITestOutputHelper output)
{
    private const int Iterations = 10_000;
    private const int CatalogueSize = 12;
    private static readonly DateOnly ServiceDay = new(2026, 6, 15);

    public sealed record Case(
        SchemePolicy Policy, BenefitRule Rule, ImmutableArray<CatalogueItem>? Catalogue, VisitFacts Visit, YearToDate YearToDate)
    {
        public override string ToString() =>
            $"{Policy with { Rules = [] }} rule={Rule} catalogue=[{string.Join(", ", Catalogue ?? [])}] "
            + $"visit={Visit with { Items = [] }} items=[{string.Join(", ", Visit.Items)}] ytd={YearToDate}";
    }

    private static readonly Gen<long?> Limit = Gen.Frequency(
        (2, Gen.Const((long?)null)), (2, Gen.Long[1, 200].Select(l => (long?)l)), (3, Gen.Long[1, 100_000].Select(l => (long?)l)));

    private static readonly Gen<ImmutableArray<CatalogueItem>> Catalogue =
        Gen.Select(Gen.Enum<ItemCategory>(), Limit).Array[CatalogueSize].Select(items =>
            items.Select((x, i) => new CatalogueItem($"K{i}", $"item {i}", x.Item1, "unit", x.Item2)).ToImmutableArray());

    /// <summary>A line: usually a catalogued code, rarely one outside; a price at, just around, or far from the code's limit, rarely none.</summary>
    private static Gen<LineItem> Line(ImmutableArray<CatalogueItem>? catalogue) =>
        from known in Gen.Frequency((30, Gen.Const(true)), (1, Gen.Const(false)))
        from index in Gen.Int[0, CatalogueSize - 1]
        from sent in Gen.Enum<ItemCategory>()
        from quantity in Gen.Frequency((4, Gen.Int[1, 5]), (1, Gen.Int[1, 1_000]))
        from around in Gen.Int[-3, 3]
        from anywhere in Gen.Long[1, 150_000]
        from nearLimit in Gen.Frequency((1, Gen.Const(false)), (1, Gen.Const(true)))
        from priced in Gen.Frequency((60, Gen.Const(true)), (1, Gen.Const(false)))
        let limit = catalogue?[index].PriceLimitFen
        let price = nearLimit && limit is { } l ? Math.Max(1, l + around) : anywhere
        select priced
            ? new LineItem(known ? $"K{index}" : $"Z{index}", "line", sent, quantity, quantity * price, price)
            : new LineItem($"K{index}", "line", sent, quantity, quantity * price);

    private static readonly Gen<Case> Cases =
        from withCatalogue in Gen.Frequency((6, Gen.Const(true)), (1, Gen.Const(false)))
        from catalogue in Catalogue
        let inForce = withCatalogue ? catalogue : (ImmutableArray<CatalogueItem>?)null
        from lines in Line(inForce).Array[1, 12]
        from visitType in Gen.Enum<VisitType>()
        from person in Gen.Enum<PersonCategory>()
        from registered in Gen.Bool
        from useAccount in Gen.Bool
        from status in Gen.Enum<AssistanceStatus>()
        from rule in Generators.Rule(visitType, 2)
        from scheme in Generators.Scheme(Scheme.Employee, [rule])
        from tiered in Gen.Bool
        from ytd in Generators.YearToDate(scheme.AnnualCapFen, rule.DeductibleFen, hasAccount: true)
        from qualifyingBefore in Gen.Frequency((2, Gen.Const(0L)), (1, Gen.Long[1_000_000, 2_000_000]))
        let policy = tiered ? scheme with { SeriousIllness = TierPolicies.SeriousIllness, Assistance = TierPolicies.Assistance } : scheme
        select new Case(
            policy, rule, inForce,
            new VisitFacts(visitType, person, registered, useAccount, [.. lines], tiered ? status : AssistanceStatus.None),
            ytd with { QualifyingSelfBurdenFen = qualifyingBefore });

    [Fact]
    public void Pricing_and_calculation_equal_the_reference_on_every_generated_visit()
    {
        var coverage = new Coverage();

        Cases.Sample(c =>
        {
            var referenceCatalogue = c.Catalogue?.ToDictionary(i => i.Code, i => new ReferenceSettlement.Item(i.Category, i.PriceLimitFen));
            var basic = ReferenceSettlement.Compute(c.Policy, c.Rule, c.Visit, c.YearToDate, referenceCatalogue);
            var catalogue = c.Catalogue is { } items
                ? new Catalogue(new CatalogueVersionInfo("310104", 1, new DateOnly(2026, 1, 1), items.Length, DateTimeOffset.UnixEpoch, "c"), items)
                : null;

            if (basic is null)
            {
                var refused = Assert.Throws<RejectedException>(() => CataloguePricing.Apply(c.Visit.Items, catalogue, ServiceDay));
                Assert.Equal(RejectionCode.FailedPrecondition, refused.Code);
                coverage.Hit("refused: code outside the catalogue", c.Visit.Items.Any(i => i.Code.StartsWith('Z')));
                coverage.Hit("refused: a line without a unit price", c.Visit.Items.Any(i => i.UnitPriceFen == 0));
                return;
            }
            var lines = CataloguePricing.Apply(c.Visit.Items, catalogue, ServiceDay);
            var actual = SettlementCalculator.Calculate(c.Policy, c.Rule, c.Visit with { Items = lines }, c.YearToDate);

            Assert.Equal(WithTiers(basic, c), actual);
            AssertInvariants(actual, lines, c);
            coverage.Hit("no catalogue", catalogue is null);
            coverage.Hit("no catalogue, legacy lines", catalogue is null && c.Visit.Items.Any(i => i.UnitPriceFen == 0));
            coverage.Hit("over-limit self-pay", actual.OverLimitSelfPayFen > 0);
            coverage.Hit("a line one fen over its limit", lines.Any(l => l.PriceLimitFen > 0 && l.UnitPriceFen == l.PriceLimitFen + 1));
            coverage.Hit("a line exactly at its limit", lines.Any(l => l.PriceLimitFen > 0 && l.UnitPriceFen == l.PriceLimitFen));
            coverage.Hit("a C line over its limit", lines.Any(l => l.Category == ItemCategory.C && l.OverLimitFen > 0));
            coverage.Hit("the catalogue changed a category", lines.Any(l => l.CategorySent is { } sent && sent != l.Category));
            coverage.Hit("over-limit with serious-illness pay", actual.OverLimitSelfPayFen > 0 && actual.SeriousIllnessPayFen > 0);
            coverage.Hit("over-limit with assistance pay", actual.OverLimitSelfPayFen > 0 && actual.AssistancePayFen > 0);
        }, iter: Iterations);

        output.WriteLine(coverage.ToString());
        coverage.RequireAtLeast(50,
            "refused: code outside the catalogue", "refused: a line without a unit price", "no catalogue", "no catalogue, legacy lines",
            "over-limit self-pay", "a line one fen over its limit", "a line exactly at its limit", "a C line over its limit",
            "the catalogue changed a category", "over-limit with serious-illness pay", "over-limit with assistance pay");
    }

    /// <summary>The tiers on the reference's basic figures, as TierReferenceProperties does: qualifying = copay B + eligible − fund pay.</summary>
    private static SettlementBreakdown WithTiers(SettlementBreakdown basic, Case c)
    {
        var ytd = c.YearToDate;
        BigInteger qualifying = c.Policy.HasTiers ? basic.CopayBFen + basic.EligibleFen - basic.FundPayFen : 0;
        var seriousIllness = ReferenceTiers.SeriousIllness(c.Policy.SeriousIllness, ytd.QualifyingSelfBurdenFen, qualifying, ytd.SeriousIllnessPaidFen);
        var assistance = ReferenceTiers.Assistance(c.Policy.Assistance, c.Visit.AssistanceStatus, qualifying - seriousIllness, ytd.AssistancePaidFen);
        var patient = basic.TotalFen - basic.FundPayFen - seriousIllness - assistance;
        var account = c.Visit.UsePersonalAccount ? BigInteger.Min(patient, ytd.AccountBalanceFen) : 0;
        return basic with
        {
            QualifyingSelfBurdenFen = (long)qualifying,
            SeriousIllnessPayFen = (long)seriousIllness,
            AssistancePayFen = (long)assistance,
            AccountPayFen = (long)account,
            CashPayFen = (long)(patient - account),
        };
    }

    private static void AssertInvariants(SettlementBreakdown b, ImmutableArray<LineItem> lines, Case c)
    {
        // The bill is what the hospital sent: the lines' amounts as requested, whatever the catalogue made of them.
        Assert.Equal(c.Visit.Items.Sum(i => i.AmountFen), b.TotalFen);
        Assert.Equal(lines.Sum(l => l.OverLimitFen), b.OverLimitSelfPayFen);
        Assert.Equal(b.TotalFen, b.EligibleFen + b.CopayBFen + b.SelfPayCFen + b.OverLimitSelfPayFen);
        Assert.Equal(b.TotalFen, b.FundPayFen + b.SeriousIllnessPayFen + b.AssistancePayFen + b.AccountPayFen + b.CashPayFen);
        Assert.Equal(c.Policy.HasTiers ? b.TotalFen - b.SelfPayCFen - b.OverLimitSelfPayFen - b.FundPayFen : 0, b.QualifyingSelfBurdenFen);
        // Over-limit self-pay is the patient's: never more than what the fund tiers leave.
        Assert.True(b.OverLimitSelfPayFen <= b.AccountPayFen + b.CashPayFen);
    }
}
