using System.Collections.Immutable;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Persons;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Domain.Tests.Support;
using CsCheck;
using Xunit.Abstractions;

namespace Clearinghouse.Domain.Tests.Persons;

/// <summary>
/// One person's stream of contributions, settlements and reversals, folded through PersonState as the
/// person grain does: each visit is calculated from the state's own year-to-date figures. The yearly
/// fund total never passes the cap, the personal account never goes below 0, and a reversal gives back
/// exactly what its settlement took.
/// </summary>
public sealed class PersonStateFoldProperties(ITestOutputHelper output)
{
    private const int Iterations = 2_000;
    private static readonly DateOnly FirstDay = new(2026, 1, 1);
    private static readonly int[] Years = [2026, 2027];

    public abstract record Step;
    public sealed record Contribute(long AccountCreditFen) : Step;
    public sealed record Visit(VisitFacts Facts, int HospitalLevel, DateOnly ServiceDate, bool ReverseLater) : Step
    {
        public override string ToString() =>
            $"Visit({Facts.VisitType} L{HospitalLevel} {ServiceDate:yyyy-MM-dd} {Facts.Category} reg={Facts.RegisteredForCareRegion} "
            + $"acct={Facts.UsePersonalAccount} reverse={ReverseLater} items=[{string.Join(", ", Facts.Items.Select(i => $"{i.Category} {i.AmountFen}"))}])";
    }
    /// <summary>Reverse one of the settlements not yet reversed, picked by <see cref="Pick"/> modulo their number.</summary>
    public sealed record Reverse(int Pick) : Step;

    public sealed record Scenario(SchemePolicy Policy, ImmutableArray<Step> Steps)
    {
        public override string ToString() => $"{Policy with { Rules = [] }} rules=[{string.Join(", ", Policy.Rules)}] steps=[{string.Join("; ", Steps)}]";
    }

    private static readonly Gen<ImmutableArray<BenefitRule>> AllRules =
        Gen.Select(
            Generators.Rule(VisitType.Outpatient).Array[3], Generators.Rule(VisitType.Inpatient).Array[3],
            (outpatient, inpatient) => outpatient.Select((r, i) => r with { HospitalLevel = i + 1 })
                .Concat(inpatient.Select((r, i) => r with { HospitalLevel = i + 1 }))
                .ToImmutableArray());

    /// <summary>A cap small enough for a few visits to reach it, or anything valid.</summary>
    private static readonly Gen<long> FoldCapFen = Gen.Frequency((2, Gen.Long[0, 3_000_000]), (1, Generators.CapFen));

    private static readonly Gen<SchemePolicy> EmployeePolicy =
        from rules in AllRules
        from policy in Generators.Scheme(Scheme.Employee, rules)
        from cap in FoldCapFen
        select policy with { AnnualCapFen = cap };

    private static readonly Gen<Step> VisitStep =
        Gen.Select(Generators.Visit, Gen.Int[1, 3], Gen.Int[0, 729], Gen.Bool,
            (facts, level, day, reverse) => (Step)new Visit(facts, level, FirstDay.AddDays(day), reverse));

    private static readonly Gen<Step> ContributeStep =
        Gen.Frequency((1, Gen.Long[0, 100_000]), (1, Gen.Long[0, 5_000_000])).Select(fen => (Step)new Contribute(fen));

    private static readonly Gen<Step> ReverseStep = Gen.Int[0, 1_000].Select(pick => (Step)new Reverse(pick));

    private static Gen<Scenario> Scenarios(bool interleaveReversals) =>
        Gen.Select(
            EmployeePolicy,
            (interleaveReversals
                ? Gen.Frequency((1, ContributeStep), (4, VisitStep), (1, ReverseStep))
                : Gen.Frequency((1, ContributeStep), (4, VisitStep))).Array[1, 40],
            (policy, steps) => new Scenario(policy, steps.ToImmutableArray()));

    [Fact]
    public void Settlements_stay_within_the_cap_and_the_balance_and_reversing_any_subset_restores_the_totals()
    {
        var coverage = new Coverage();

        Scenarios(interleaveReversals: false).Sample(scenario =>
        {
            var fold = new Fold(scenario.Policy, coverage);
            foreach (var step in scenario.Steps)
            {
                fold.Run(step);
            }

            // Snapshot, then reverse the chosen subset.
            var before = Years.ToDictionary(y => y, fold.Person.TotalsFor);
            var balanceBefore = fold.Person.AccountBalanceFen;
            var reversed = fold.Settled.Where(s => ((Visit)s.Step).ReverseLater).ToList();
            foreach (var s in reversed)
            {
                fold.ReverseSettlement(s);
            }
            coverage.Hit("reversed a capped settlement", reversed.Any(s => s.CapBound));

            // Totals after reversal == totals before − reversed amounts, year by year.
            foreach (var year in Years)
            {
                var inYear = reversed.Where(s => s.Event.ServiceDate.Year == year).ToList();
                Assert.Equal(
                    new YearTotals(
                        before[year].FundPaidFen - inYear.Sum(s => s.Event.Breakdown.FundPayFen),
                        before[year].OutpatientDeductibleUsedFen - inYear.Sum(s => OutpatientDeductible(s.Event))),
                    fold.Person.TotalsFor(year));
            }
            Assert.Equal(balanceBefore + reversed.Sum(s => s.Event.Breakdown.AccountPayFen), fold.Person.AccountBalanceFen);

            // …which is what the remaining settlements alone add up to.
            fold.AssertTotalsAreTheSumOfTheSettlementsNotReversed();

            Assert.All(fold.Settled, s => Assert.Equal(reversed.Contains(s), fold.Person.FindSettlement(s.Event.SettlementId)!.Value.IsReversed));
            Assert.Equal(1 + scenario.Steps.Length + reversed.Count, fold.Person.Version);
        }, iter: Iterations);

        output.WriteLine(coverage.ToString());
        coverage.RequireAtLeast(50, "cap reached", "account emptied", "outpatient deductible used up", "reversed a capped settlement");
    }

    [Fact]
    public void Reversals_interleaved_with_later_visits_keep_every_invariant()
    {
        var coverage = new Coverage();

        Scenarios(interleaveReversals: true).Sample(scenario =>
        {
            var fold = new Fold(scenario.Policy, coverage);
            foreach (var step in scenario.Steps)
            {
                fold.Run(step);
            }
            fold.AssertTotalsAreTheSumOfTheSettlementsNotReversed();
        }, iter: Iterations);

        output.WriteLine(coverage.ToString());
        coverage.RequireAtLeast(50, "cap reached", "account emptied", "visit after a reversal freed cap");
    }

    private static long OutpatientDeductible(SettlementAccepted e) =>
        e.VisitType == VisitType.Outpatient ? e.Breakdown.DeductibleFen : 0;

    private sealed record Settled(SettlementAccepted Event, Step Step, bool CapBound);

    /// <summary>The person, and what the test itself remembers of the stream it applied.</summary>
    private sealed class Fold
    {
        private readonly SchemePolicy _policy;
        private readonly Coverage _coverage;
        private readonly long _maxOutpatientDeductible;
        private readonly HashSet<Settled> _reversed = [];
        private long _contributed;
        private int _next;

        public Fold(SchemePolicy policy, Coverage coverage)
        {
            _policy = policy;
            _coverage = coverage;
            _maxOutpatientDeductible = policy.Rules.Where(r => r.VisitType == VisitType.Outpatient).Max(r => r.DeductibleFen);
            Person.Apply(PersonStream.Enrolled());
        }

        public PersonState Person { get; } = new();
        public List<Settled> Settled { get; } = [];

        public void Run(Step step)
        {
            switch (step)
            {
                case Contribute c:
                    _contributed += c.AccountCreditFen;
                    var balanceBefore = Person.AccountBalanceFen;
                    Person.Apply(PersonStream.Contribution("c" + _next++, c.AccountCreditFen, balanceBefore + c.AccountCreditFen));
                    Assert.Equal(balanceBefore + c.AccountCreditFen, Person.AccountBalanceFen);
                    break;
                case Visit v:
                    SettleVisit(v);
                    break;
                case Reverse r:
                    var open = Settled.Where(s => !_reversed.Contains(s)).ToList();
                    if (open.Count > 0)
                    {
                        ReverseSettlement(open[r.Pick % open.Count]);
                    }
                    break;
            }
        }

        private void SettleVisit(Visit v)
        {
            var year = v.ServiceDate.Year;
            var totals = Person.TotalsFor(year);
            var balance = Person.AccountBalanceFen;
            var rule = _policy.RuleFor(v.Facts.VisitType, v.HospitalLevel)
                ?? throw new InvalidOperationException("the generated policy has a rule for every visit type and level");
            var ytd = new YearToDate(totals.FundPaidFen, totals.OutpatientDeductibleUsedFen, balance);

            var b = SettlementCalculator.Calculate(_policy, rule, v.Facts, ytd);
            var e = PersonStream.Settled("S" + _next++, v.Facts, v.ServiceDate, v.HospitalLevel, b);
            Person.Apply(e);

            var after = Person.TotalsFor(year);
            Assert.Equal(new YearTotals(totals.FundPaidFen + b.FundPayFen, totals.OutpatientDeductibleUsedFen + OutpatientDeductible(e)), after);
            Assert.Equal(balance - b.AccountPayFen, Person.AccountBalanceFen);
            Assert.True(after.FundPaidFen <= _policy.AnnualCapFen, $"yearly fund total {after.FundPaidFen} > cap {_policy.AnnualCapFen}");
            Assert.True(Person.AccountBalanceFen >= 0, $"account below zero: {Person.AccountBalanceFen}");
            Assert.True(after.OutpatientDeductibleUsedFen <= _maxOutpatientDeductible,
                $"outpatient deductible used {after.OutpatientDeductibleUsedFen} > largest yearly deductible {_maxOutpatientDeductible}");
            // State keeps where the settlement is in the stream, under its id and under its request.
            Assert.Equal(new SettlementEntry(Person.Version, 0, e.ServiceDate), Person.FindSettlement(e.SettlementId));
            Assert.Equal(Person.Version, Person.FindRequest(e.Request.Key));

            var capBound = b.FundPayFen > 0 && after.FundPaidFen == _policy.AnnualCapFen;
            _coverage.Hit("cap reached", capBound);
            _coverage.Hit("account emptied", b.AccountPayFen > 0 && Person.AccountBalanceFen == 0);
            _coverage.Hit("outpatient deductible used up",
                v.Facts.VisitType == VisitType.Outpatient && b.DeductibleFen > 0 && after.OutpatientDeductibleUsedFen == rule.DeductibleFen);
            _coverage.Hit("visit after a reversal freed cap",
                _reversed.Any(s => s.CapBound && s.Event.ServiceDate.Year == year) && b.FundPayFen > 0);
            Settled.Add(new Settled(e, v, capBound));
        }

        public void ReverseSettlement(Settled s)
        {
            var year = s.Event.ServiceDate.Year;
            var totals = Person.TotalsFor(year);
            var balance = Person.AccountBalanceFen;

            var reversal = PersonStream.Reversed(s.Event);
            Person.Apply(reversal);
            _reversed.Add(s);

            Assert.Equal(
                new YearTotals(totals.FundPaidFen - s.Event.Breakdown.FundPayFen, totals.OutpatientDeductibleUsedFen - OutpatientDeductible(s.Event)),
                Person.TotalsFor(year));
            Assert.Equal(balance + s.Event.Breakdown.AccountPayFen, Person.AccountBalanceFen);
            Assert.Equal(Person.Version, Person.FindSettlement(s.Event.SettlementId)!.Value.ReversalVersion);
            Assert.Equal(Person.Version, Person.FindRequest(reversal.Request.Key));
            // Another year is untouched.
            foreach (var other in Years.Where(y => y != year))
            {
                Assert.Equal(TotalsOfOpenSettlements(other), Person.TotalsFor(other));
            }
        }

        private YearTotals TotalsOfOpenSettlements(int year)
        {
            var open = Settled.Where(s => !_reversed.Contains(s) && s.Event.ServiceDate.Year == year).ToList();
            return new YearTotals(open.Sum(s => s.Event.Breakdown.FundPayFen), open.Sum(s => OutpatientDeductible(s.Event)));
        }

        /// <summary>Had the reversed settlements never happened, the totals would be those of the others alone.</summary>
        public void AssertTotalsAreTheSumOfTheSettlementsNotReversed()
        {
            foreach (var year in Years)
            {
                Assert.Equal(TotalsOfOpenSettlements(year), Person.TotalsFor(year));
            }
            var accountPaid = Settled.Where(s => !_reversed.Contains(s)).Sum(s => s.Event.Breakdown.AccountPayFen);
            Assert.Equal(_contributed - accountPaid, Person.AccountBalanceFen);
        }
    }
}
