using System.Collections.Immutable;
using System.Numerics;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Persons;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Domain.Tests.Support;
using CsCheck;
using Xunit.Abstractions;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>
/// A person's yearly history of visits and reversals under a random tiered policy, settled as the grain settles
/// (PersonState's totals, the status in force on the service date, the calculator) and, beside it, by a reference
/// that keeps its own yearly totals in BigInteger and computes all three tiers its own way (ReferenceSettlement for
/// the basic fund, ReferenceTiers for the rest). Every figure of every visit, and every yearly total after every
/// step, must agree.
/// </summary>
public sealed class TierReferenceProperties(ITestOutputHelper output)
{
    private const int Iterations = 3_000;
    private static readonly DateOnly FirstDay = new(2026, 1, 1);

    public abstract record Step;
    public sealed record Visit(VisitFacts Facts, DateOnly ServiceDate) : Step
    {
        public override string ToString() =>
            $"Visit({Facts.VisitType} {ServiceDate:yyyy-MM-dd} {Facts.Category} acct={Facts.UsePersonalAccount} "
            + $"items=[{string.Join(", ", Facts.Items.Select(i => $"{i.Category} {i.AmountFen}"))}])";
    }
    public sealed record Reverse(int Pick) : Step;

    public sealed record Scenario(SchemePolicy Policy, ImmutableArray<AssistanceStatusSet> Statuses, long BalanceFen, ImmutableArray<Step> Steps)
    {
        public override string ToString() =>
            $"{Policy with { Rules = [] }} rules=[{string.Join(", ", Policy.Rules)}] si={Policy.SeriousIllness} "
            + $"bands=[{string.Join(", ", Policy.SeriousIllness?.Bands ?? [])}] assistance={Policy.Assistance} "
            + $"statuses=[{string.Join(", ", Statuses.Select(s => $"{s.Status}@{s.EffectiveFrom:yyyy-MM-dd}"))}] balance={BalanceFen} "
            + $"steps=[{string.Join("; ", Steps)}]";
    }

    /// <summary>A bound or a gap between bounds: small enough for one everyday visit to cross, or wide.</summary>
    private static readonly Gen<long> GapFen = Gen.Frequency((3, Gen.Long[1, 200_000]), (3, Gen.Long[1, 20_000_000]), (1, Gen.Long[1, 2_000_000_000]));

    /// <summary>A cap that a few visits reach, or anything valid.</summary>
    private static readonly Gen<long> TierCapFen = Gen.Frequency((1, Gen.Const(0L)), (4, Gen.Long[0, 3_000_000]), (2, Generators.CapFen));

    private static readonly Gen<SeriousIllnessTier> SeriousIllness =
        from threshold in Gen.Frequency((1, Gen.Const(0L)), (3, GapFen))
        from count in Gen.Int[1, Limits.MaxTierBands]
        from gaps in GapFen.Array[count - 1]
        from ratios in Generators.Bp.Array[count]
        from cap in TierCapFen
        select new SeriousIllnessTier(
            threshold,
            [.. ratios.Select((ratio, i) => new TierBand(i < gaps.Length ? threshold + gaps.Take(i + 1).Sum() : null, ratio))],
            cap);

    private static readonly Gen<AssistanceTier> Assistance =
        Gen.Select(Generators.Bp, Generators.Bp, Generators.Bp, TierCapFen, (a, b, c, cap) => new AssistanceTier(a, b, c, cap));

    private static readonly Gen<SchemePolicy> Policy =
        from rule in Generators.Rule(VisitType.Inpatient, 2)
        from outpatient in Generators.Rule(VisitType.Outpatient, 2)
        from policy in Generators.Scheme(Scheme.Employee, [rule, outpatient])
        from cap in Gen.Frequency((2, Gen.Long[0, 3_000_000]), (1, Generators.CapFen))
        from seriousIllness in Gen.Frequency((8, SeriousIllness.Select(t => (SeriousIllnessTier?)t)), (1, Gen.Const((SeriousIllnessTier?)null)))
        from assistance in Gen.Frequency((8, Assistance.Select(t => (AssistanceTier?)t)), (1, Gen.Const((AssistanceTier?)null)))
        select policy with { AnnualCapFen = cap, SeriousIllness = seriousIllness, Assistance = assistance };

    /// <summary>Statuses set to take effect on increasing days, as the grain requires; None ends one.</summary>
    private static readonly Gen<ImmutableArray<AssistanceStatusSet>> Statuses =
        from count in Gen.Int[0, 3]
        from days in Gen.Int[0, 729].Array[count]
        from statuses in Gen.Enum<AssistanceStatus>().Array[count]
        select days.Distinct().Order()
            .Select((day, i) => new AssistanceStatusSet(PersonStream.Stamp($"status-{i}"), statuses[i], FirstDay.AddDays(day)))
            .ToImmutableArray();

    private static readonly Gen<Step> VisitStep =
        Gen.Select(Generators.Visit, Gen.Frequency((4, Gen.Int[0, 364]), (1, Gen.Int[365, 729])),
            (facts, day) => (Step)new Visit(facts, FirstDay.AddDays(day)));

    private static readonly Gen<Scenario> Scenarios =
        from policy in Policy
        from statuses in Statuses
        from balance in Gen.Frequency((1, Gen.Const(0L)), (2, Gen.Long[0, 10_000_000]))
        from steps in Gen.Frequency((6, VisitStep), (1, Gen.Int[0, 100].Select(p => (Step)new Reverse(p)))).Array[1, 12]
        select new Scenario(policy, statuses, balance, [.. steps]);

    /// <summary>The reference's own yearly totals, in BigInteger.</summary>
    private sealed class ReferenceYear
    {
        public BigInteger FundPaid, DeductibleUsed, Qualifying, SeriousIllnessPaid, AssistancePaid;
    }

    [Fact]
    public void Every_tier_agrees_with_the_reference_over_yearly_histories()
    {
        var coverage = new Coverage();
        Scenarios.Sample(scenario => Run(scenario, coverage), iter: Iterations);

        output.WriteLine(coverage.ToString());
        coverage.RequireAtLeast(100,
            "visit crosses the threshold", "visit crosses a band bound", "visit crosses two band bounds",
            "serious-illness cap reached mid-visit", "serious-illness cap used up before the visit", "assistance paid",
            "assistance cap reached mid-visit", "single floor pays more than per-band floors", "visit after a reversal",
            "visit before a status took effect", "basic fund cap reached");
        coverage.RequireAtLeast(20, "no serious-illness tier", "no assistance tier");
    }

    /// <summary>
    /// On small tiers and small years, where it can be counted one fen at a time, TierPay's serious-illness pay
    /// is each fen this visit adds, at the ratio of the band its yearly position is in, summed and floored once.
    /// </summary>
    [Fact]
    public void Serious_illness_pay_is_the_sum_over_the_visits_fen_of_their_bands_ratios()
    {
        var coverage = new Coverage();
        var small =
            from threshold in Gen.Long[0, 50]
            from gaps in Gen.Long[1, 60].Array[0, 4]
            from ratios in Generators.Bp.Array[gaps.Length + 1]
            from before in Gen.Long[0, 400]
            from qualifying in Gen.Long[0, 300]
            select (Tier: new SeriousIllnessTier(
                threshold,
                [.. ratios.Select((ratio, i) => new TierBand(i < gaps.Length ? threshold + gaps.Take(i + 1).Sum() : null, ratio))],
                Limits.MaxAmountFen), Before: before, Qualifying: qualifying);

        small.Sample(g =>
        {
            var expected = ReferenceTiers.SeriousIllnessFenByFen(g.Tier, g.Before, g.Qualifying) / 10_000;
            Assert.Equal(expected, (BigInteger)TierPay.SeriousIllness(g.Tier, g.Before, g.Qualifying, 0));
            coverage.Hit("crosses a band bound", g.Tier.Bands.Any(b => b.UpToFen is { } top && g.Before < top && top < g.Before + g.Qualifying));
            coverage.Hit("starts below the threshold and ends above it", g.Before <= g.Tier.ThresholdFen && g.Before + g.Qualifying > g.Tier.ThresholdFen);
        }, iter: 5_000);

        output.WriteLine(coverage.ToString());
        coverage.RequireAtLeast(200, "crosses a band bound", "starts below the threshold and ends above it");
    }

    private static void Run(Scenario scenario, Coverage coverage)
    {
        var policy = scenario.Policy;
        var person = new PersonState();
        person.Apply(PersonStream.Enrolled());
        person.Apply(PersonStream.Contribution("c", scenario.BalanceFen, scenario.BalanceFen));
        foreach (var status in scenario.Statuses)
        {
            person.Apply(status);
        }
        var years = new Dictionary<int, ReferenceYear>();
        BigInteger balance = scenario.BalanceFen;
        var open = new List<SettlementAccepted>();
        var reversedOne = false;

        foreach (var step in scenario.Steps)
        {
            if (step is Reverse reverse)
            {
                if (open.Count == 0)
                {
                    continue;
                }
                var settled = open[reverse.Pick % open.Count];
                open.Remove(settled);
                person.Apply(PersonStream.Reversed(settled));
                var y = years[settled.ServiceDate.Year];
                var b = settled.Breakdown;
                y.FundPaid -= b.FundPayFen;
                y.DeductibleUsed -= settled.VisitType == VisitType.Outpatient ? b.DeductibleFen : 0;
                y.Qualifying -= b.QualifyingSelfBurdenFen;
                y.SeriousIllnessPaid -= b.SeriousIllnessPayFen;
                y.AssistancePaid -= b.AssistancePayFen;
                balance += b.AccountPayFen;
                reversedOne = true;
            }
            else if (step is Visit visit)
            {
                var year = years.TryGetValue(visit.ServiceDate.Year, out var existing) ? existing : years[visit.ServiceDate.Year] = new ReferenceYear();
                var status = StatusOn(scenario.Statuses, visit.ServiceDate);
                coverage.Hit("visit before a status took effect", status == AssistanceStatus.None && scenario.Statuses.Any(s => s.Status != AssistanceStatus.None));
                coverage.Hit("visit after a reversal", reversedOne);
                var expected = Reference(policy, visit.Facts with { AssistanceStatus = status }, year, balance, coverage);
                var actual = SettleAsTheGrain(person, policy, visit);
                Assert.Equal(expected, actual.Breakdown);

                year.FundPaid += expected.FundPayFen;
                year.DeductibleUsed += visit.Facts.VisitType == VisitType.Outpatient ? expected.DeductibleFen : 0;
                year.Qualifying += expected.QualifyingSelfBurdenFen;
                year.SeriousIllnessPaid += expected.SeriousIllnessPayFen;
                year.AssistancePaid += expected.AssistancePayFen;
                balance -= expected.AccountPayFen;
                open.Add(actual);
            }
            foreach (var (y, totals) in years)
            {
                var folded = person.TotalsFor(y);
                Assert.Equal(
                    (totals.FundPaid, totals.DeductibleUsed, totals.Qualifying, totals.SeriousIllnessPaid, totals.AssistancePaid),
                    ((BigInteger)folded.FundPaidFen, (BigInteger)folded.OutpatientDeductibleUsedFen, (BigInteger)folded.QualifyingSelfBurdenFen,
                        (BigInteger)folded.SeriousIllnessPaidFen, (BigInteger)folded.AssistancePaidFen));
            }
            Assert.Equal(balance, (BigInteger)person.AccountBalanceFen);
        }
    }

    private static SettlementAccepted SettleAsTheGrain(PersonState person, SchemePolicy policy, Visit visit)
    {
        var year = person.TotalsFor(visit.ServiceDate.Year);
        var rule = policy.RuleFor(visit.Facts.VisitType, 2)!;
        var facts = visit.Facts with { AssistanceStatus = person.AssistanceStatusOn(visit.ServiceDate) };
        var b = SettlementCalculator.Calculate(policy, rule, facts,
            new YearToDate(year.FundPaidFen, year.OutpatientDeductibleUsedFen, person.AccountBalanceFen,
                year.QualifyingSelfBurdenFen, year.SeriousIllnessPaidFen, year.AssistancePaidFen));
        var settled = PersonStream.Settled($"S-{person.Version}", facts, visit.ServiceDate, 2, b);
        person.Apply(settled);
        return settled;
    }

    private static AssistanceStatus StatusOn(ImmutableArray<AssistanceStatusSet> statuses, DateOnly date) =>
        statuses.Where(s => s.EffectiveFrom <= date).OrderBy(s => s.EffectiveFrom).Select(s => s.Status).LastOrDefault();

    private static SettlementBreakdown Reference(SchemePolicy policy, VisitFacts visit, ReferenceYear year, BigInteger balance, Coverage coverage)
    {
        var rule = policy.RuleFor(visit.VisitType, 2)!;
        var basic = ReferenceSettlement.Compute(policy, rule, visit,
            new YearToDate((long)year.FundPaid, (long)year.DeductibleUsed, (long)balance));
        coverage.Hit("basic fund cap reached", year.FundPaid + basic.FundPayFen == policy.AnnualCapFen && basic.FundPayFen > 0);
        coverage.Hit("no serious-illness tier", policy.SeriousIllness is null);
        coverage.Hit("no assistance tier", policy.Assistance is null);

        // What the patient would bear of the covered items: the copay on B, the deductible and the coinsurance.
        BigInteger qualifying = policy.SeriousIllness is null && policy.Assistance is null
            ? 0
            : basic.CopayBFen + basic.EligibleFen - basic.FundPayFen;
        var seriousIllness = ReferenceTiers.SeriousIllness(policy.SeriousIllness, year.Qualifying, qualifying, year.SeriousIllnessPaid);
        var assistance = ReferenceTiers.Assistance(policy.Assistance, visit.AssistanceStatus, qualifying - seriousIllness, year.AssistancePaid);
        CountSeriousIllness(policy.SeriousIllness, year, qualifying, seriousIllness, coverage);
        if (policy.Assistance is { } a)
        {
            var unCapped = ReferenceTiers.Assistance(a with { AnnualCapFen = Limits.MaxAmountFen * 1000 }, visit.AssistanceStatus, qualifying - seriousIllness, 0);
            coverage.Hit("assistance paid", assistance > 0);
            coverage.Hit("assistance cap reached mid-visit", unCapped > assistance && assistance > 0);
        }

        var patient = basic.TotalFen - basic.FundPayFen - seriousIllness - assistance;
        var account = visit.UsePersonalAccount ? BigInteger.Min(patient, balance) : 0;
        return basic with
        {
            QualifyingSelfBurdenFen = (long)qualifying,
            SeriousIllnessPayFen = (long)seriousIllness,
            AssistancePayFen = (long)assistance,
            AccountPayFen = (long)account,
            CashPayFen = (long)(patient - account),
        };
    }

    private static void CountSeriousIllness(SeriousIllnessTier? tier, ReferenceYear year, BigInteger qualifying, BigInteger paid, Coverage coverage)
    {
        if (tier is null || qualifying == 0)
        {
            return;
        }
        var before = year.Qualifying;
        var after = before + qualifying;
        coverage.Hit("visit crosses the threshold", before <= tier.ThresholdFen && after > tier.ThresholdFen);
        var crossed = tier.Bands.Count(b => b.UpToFen is { } top && before < top && top < after);
        coverage.Hit("visit crosses a band bound", crossed >= 1);
        coverage.Hit("visit crosses two band bounds", crossed >= 2);
        var unCapped = ReferenceTiers.SeriousIllness(tier with { AnnualCapFen = Limits.MaxAmountFen * 1000 }, before, qualifying, 0);
        var capLeft = tier.AnnualCapFen - year.SeriousIllnessPaid;
        coverage.Hit("serious-illness cap reached mid-visit", unCapped > paid && paid > 0);
        coverage.Hit("serious-illness cap used up before the visit", capLeft <= 0 && unCapped > 0);
        coverage.Hit("single floor pays more than per-band floors", unCapped > ReferenceTiers.PerBandFloors(tier, before, qualifying));
        if (qualifying <= 3_000)
        {
            Assert.Equal(unCapped, ReferenceTiers.SeriousIllnessFenByFen(tier, (long)before, (long)qualifying) / 10_000);
        }
    }
}
