using System.Collections.Immutable;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Settlements;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Support;

/// <summary>
/// One visit to settle: the insured region's scheme policy (with one to six rules), the hospital level of
/// the visit, the rule the generator put in the policy for that visit type and level, and the year-to-date figures.
/// </summary>
public sealed record GeneratedVisit(SchemePolicy Policy, int HospitalLevel, BenefitRule Rule, VisitFacts Visit, YearToDate YearToDate)
{
    /// <summary>Printed by CsCheck for a failing case: the records' own ToString would hide the rules and items.</summary>
    public override string ToString() =>
        $"{Policy with { Rules = [] }} rules=[{string.Join(", ", Policy.Rules)}] level={HospitalLevel} {Rule} {Visit with { Items = [] }} {YearToDate} "
        + $"{Visit.Items.Length} items: " + string.Join(", ", Visit.Items.Select(i => $"{i.Category} {i.AmountFen}"));
}

/// <summary>
/// CsCheck generators of valid inputs. Each draws from a mix of small and wide ranges so that the
/// boundaries (deductible partly used, cap reached mid-visit, ratio clamped, account emptied, .5 fen)
/// come up often, not only the comfortable middle.
/// </summary>
public static class Generators
{
    /// <summary>A large everyday line item: Limits.MaxAmountFen / 1000 (100,000 yuan); rarer lines reach the limit itself.</summary>
    public const long MaxItemFen = Limits.MaxAmountFen / 1_000;

    public static readonly Gen<int> Bp = Gen.Int[0, 10_000];

    /// <summary>A copay share: often a round figure (multiples of 5%, as policies write them), else anything.</summary>
    public static readonly Gen<int> CopayBp = Gen.Frequency((1, Gen.Int[0, 10_000]), (1, Gen.Int[0, 20].Select(k => k * 500)));

    /// <summary>A ratio adjustment: usually a few percentage points, sometimes anything in 0..10000.</summary>
    public static readonly Gen<int> AdjustmentBp = Gen.Frequency((3, Gen.Int[0, 2_000]), (1, Gen.Int[0, 10_000]));

    /// <summary>A line amount: small, everyday, or anywhere up to the per-line limit Limits.MaxAmountFen (10^10 fen).</summary>
    public static readonly Gen<long> AmountFen = Gen.Frequency(
        (2, Gen.Long[1, 100]), (6, Gen.Long[1, MaxItemFen]), (1, Gen.Long[1, Limits.MaxAmountFen]), (1, Gen.Const(Limits.MaxAmountFen)));

    public static readonly Gen<long> DeductibleFen = Gen.Frequency(
        (1, Gen.Const(0L)), (3, Gen.Long[0, 200_000]), (1, Gen.Long[0, 100_000_000]));

    public static readonly Gen<long> CapFen = Gen.Frequency(
        (1, Gen.Long[0, 1_000_000]), (2, Gen.Long[0, 100_000_000]), (1, Gen.Long[0, Limits.MaxAmountFen]));

    public static readonly Gen<int> Quantity = Gen.Frequency((3, Gen.Int[1, 100]), (1, Gen.Int[1, Limits.MaxQuantity]));

    public static readonly Gen<LineItem> Item =
        Gen.Select(Gen.Enum<ItemCategory>(), AmountFen, Quantity, (category, amount, quantity) =>
            new LineItem($"{category}-{amount}", $"category {category} item", category, quantity, amount));

    /// <summary>The largest bill a request may carry: Limits.MaxItemsPerSettlement lines of Limits.MaxAmountFen each.</summary>
    private static readonly Gen<LineItem[]> LargestBill =
        Gen.Enum<ItemCategory>().Array[Limits.MaxItemsPerSettlement].Select(categories =>
            categories.Select(c => new LineItem($"{c}-max", $"category {c} item", c, Limits.MaxQuantity, Limits.MaxAmountFen)).ToArray());

    /// <summary>Usually a short bill; sometimes up to the 1,000-line limit, and now and then the largest bill there can be.</summary>
    public static readonly Gen<ImmutableArray<LineItem>> Items =
        Gen.Frequency((40, Item.Array[1, 30]), (4, Item.Array[1, Limits.MaxItemsPerSettlement]), (1, LargestBill))
            .Select(a => a.ToImmutableArray());

    public static readonly Gen<VisitFacts> Visit =
        Gen.Select(Gen.Enum<VisitType>(), Gen.Enum<PersonCategory>(), Gen.Bool, Gen.Bool, Items,
            (visitType, category, registered, useAccount, items) => new VisitFacts(visitType, category, registered, useAccount, items));

    public static Gen<BenefitRule> Rule(VisitType visitType) =>
        Gen.Int[Limits.MinHospitalLevel, Limits.MaxHospitalLevel].SelectMany(level => Rule(visitType, level));

    public static Gen<BenefitRule> Rule(VisitType visitType, int hospitalLevel) =>
        Gen.Select(DeductibleFen, Bp, (deductible, ratio) => new BenefitRule(visitType, hospitalLevel, deductible, ratio));

    /// <summary>Every (visit type, hospital level) a rule can be written for: 2 × 3.</summary>
    public static readonly ImmutableArray<(VisitType VisitType, int HospitalLevel)> RuleKeys =
        [.. from visitType in new[] { VisitType.Outpatient, VisitType.Inpatient }
            from level in Enumerable.Range(Limits.MinHospitalLevel, Limits.MaxHospitalLevel - Limits.MinHospitalLevel + 1)
            select (visitType, level)];

    /// <summary>
    /// The rules of one scheme: the given rule, plus a random subset of rules for the other five keys, in a
    /// random order, so that a rule of the other visit type at the same level, or of the same visit type at
    /// another level, often sits next to (and before) the one a visit must use.
    /// </summary>
    public static Gen<ImmutableArray<BenefitRule>> RulesAround(BenefitRule rule) =>
        from deductibles in DeductibleFen.Array[RuleKeys.Length]
        from ratios in Bp.Array[RuleKeys.Length]
        from include in Gen.Bool.Array[RuleKeys.Length]
        from order in Gen.Int.Array[RuleKeys.Length + 1]
        select RuleKeys
            .Select((key, i) => new BenefitRule(key.VisitType, key.HospitalLevel, deductibles[i], ratios[i]))
            .Where((other, i) => include[i] && (other.VisitType, other.HospitalLevel) != (rule.VisitType, rule.HospitalLevel))
            .Append(rule)
            .Select((r, i) => (r, order[i]))
            .OrderBy(x => x.Item2)
            .Select(x => x.r)
            .ToImmutableArray();

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
        from level in Gen.Int[Limits.MinHospitalLevel, Limits.MaxHospitalLevel]
        from rule in Rule(visit.VisitType, level)
        from rules in RulesAround(rule)
        from scheme in Gen.Enum<Scheme>()
        from policy in Scheme(scheme, rules)
        from ytd in YearToDate(policy.AnnualCapFen, rule.DeductibleFen, hasAccount: scheme == Domain.Scheme.Employee)
        select new GeneratedVisit(policy, level, rule, visit, ytd);
}
