using System.Collections.Immutable;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Settlements;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Support;

/// <summary>One visit to settle: the insured region's scheme policy, the matching rule and the year-to-date figures.</summary>
public sealed record GeneratedVisit(SchemePolicy Policy, BenefitRule Rule, VisitFacts Visit, YearToDate YearToDate)
{
    /// <summary>Printed by CsCheck for a failing case: the records' own ToString would hide the items.</summary>
    public override string ToString() =>
        $"{Policy with { Rules = [] }} {Rule} {Visit with { Items = [] }} {YearToDate} items: "
        + string.Join(", ", Visit.Items.Select(i => $"{i.Category} {i.AmountFen}"));
}

/// <summary>
/// CsCheck generators of valid inputs. Each draws from a mix of small and wide ranges so that the
/// boundaries (deductible partly used, cap reached mid-visit, ratio clamped, account emptied, .5 fen)
/// come up often, not only the comfortable middle.
/// </summary>
public static class Generators
{
    /// <summary>Largest line item the properties use: Limits.MaxAmountFen / 1000 (100,000 yuan).</summary>
    public const long MaxItemFen = Limits.MaxAmountFen / 1_000;

    public static readonly Gen<int> Bp = Gen.Int[0, 10_000];

    /// <summary>A copay share: often a round figure (multiples of 5%, as policies write them), else anything.</summary>
    public static readonly Gen<int> CopayBp = Gen.Frequency((1, Gen.Int[0, 10_000]), (1, Gen.Int[0, 20].Select(k => k * 500)));

    /// <summary>A ratio adjustment: usually a few percentage points, sometimes anything in 0..10000.</summary>
    public static readonly Gen<int> AdjustmentBp = Gen.Frequency((3, Gen.Int[0, 2_000]), (1, Gen.Int[0, 10_000]));

    public static readonly Gen<long> AmountFen = Gen.Frequency((1, Gen.Long[1, 100]), (3, Gen.Long[1, MaxItemFen]));

    public static readonly Gen<long> DeductibleFen = Gen.Frequency(
        (1, Gen.Const(0L)), (3, Gen.Long[0, 200_000]), (1, Gen.Long[0, 100_000_000]));

    public static readonly Gen<long> CapFen = Gen.Frequency(
        (1, Gen.Long[0, 1_000_000]), (2, Gen.Long[0, 100_000_000]), (1, Gen.Long[0, Limits.MaxAmountFen]));

    public static readonly Gen<LineItem> Item =
        Gen.Select(Gen.Enum<ItemCategory>(), AmountFen, Gen.Int[1, 100], (category, amount, quantity) =>
            new LineItem($"{category}-{amount}", $"category {category} item", category, quantity, amount));

    public static readonly Gen<ImmutableArray<LineItem>> Items = Item.Array[1, 30].Select(a => a.ToImmutableArray());

    public static readonly Gen<VisitFacts> Visit =
        Gen.Select(Gen.Enum<VisitType>(), Gen.Enum<PersonCategory>(), Gen.Bool, Gen.Bool, Items,
            (visitType, category, registered, useAccount, items) => new VisitFacts(visitType, category, registered, useAccount, items));

    public static Gen<BenefitRule> Rule(VisitType visitType) =>
        Gen.Select(Gen.Int[Limits.MinHospitalLevel, Limits.MaxHospitalLevel], DeductibleFen, Bp,
            (level, deductible, ratio) => new BenefitRule(visitType, level, deductible, ratio));

    /// <summary>A scheme policy within the validator's ranges, holding the given rules.</summary>
    public static Gen<SchemePolicy> Scheme(Scheme scheme, ImmutableArray<BenefitRule> rules) =>
        Gen.Select(CopayBp, AdjustmentBp, AdjustmentBp, CapFen, Bp, (copay, bonus, reduction, cap, employerToAccount) =>
            new SchemePolicy(scheme, copay, bonus, reduction, cap,
                scheme == Domain.Scheme.Employee ? employerToAccount : 0, rules));

    /// <summary>Year-to-date figures around the interesting points: nothing yet, near and past the cap, deductible used up.</summary>
    public static Gen<YearToDate> YearToDate(long capFen, long deductibleFen, bool hasAccount) =>
        Gen.Select(
            Gen.Frequency(
                (1, Gen.Const(0L)),
                (2, Gen.Long[0, capFen]),
                (2, Gen.Long[Math.Max(0, capFen - 2_000_000), capFen]),
                (1, Gen.Long[capFen, capFen + 1_000_000])),
            Gen.Frequency(
                (1, Gen.Const(0L)),
                (2, Gen.Long[0, deductibleFen]),
                (1, Gen.Long[deductibleFen, deductibleFen + 100_000])),
            hasAccount
                ? Gen.Frequency((1, Gen.Const(0L)), (3, Gen.Long[0, 10_000_000]), (1, Gen.Long[0, Limits.MaxAmountFen]))
                : Gen.Const(0L),
            (paid, used, balance) => new YearToDate(paid, used, balance));

    public static readonly Gen<GeneratedVisit> GeneratedVisit =
        from visit in Visit
        from rule in Rule(visit.VisitType)
        from scheme in Gen.Enum<Scheme>()
        from policy in Scheme(scheme, [rule])
        from ytd in YearToDate(policy.AnnualCapFen, rule.DeductibleFen, hasAccount: scheme == Domain.Scheme.Employee)
        select new GeneratedVisit(policy, rule, visit, ytd);
}
