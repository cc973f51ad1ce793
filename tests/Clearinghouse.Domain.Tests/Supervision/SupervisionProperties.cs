using Clearinghouse.Domain.Supervision;
using Clearinghouse.Domain.Tests.Support;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Supervision;

/// <summary>
/// Properties of the person rules over random histories: order does not matter, one-by-one equals all-at-once
/// with each finding once, the incremental entry point names only the new visit, reversed visits are in no
/// finding, and a history clean by construction raises nothing.
/// </summary>
public sealed class SupervisionProperties
{
    private const int Iterations = 2_000;
    private static readonly SupervisionThresholds Thresholds = PersonHistories.Thresholds;

    private static readonly Gen<(List<SupervisedVisit> Visits, int Seed)> Shuffled = Gen.Select(PersonHistories.Messy, Gen.Int);

    [Fact]
    public void Findings_do_not_depend_on_the_order_of_the_input()
    {
        var coverage = new Coverage();
        Shuffled.Sample((visits, seed) =>
        {
            var shuffled = visits.ToArray();
            new Random(seed).Shuffle(shuffled);

            var findings = Supervisor.Evaluate(visits, Thresholds);
            Assert.Equal(findings.ToArray(), Supervisor.Evaluate(shuffled, Thresholds).ToArray());
            foreach (var finding in findings)
            {
                coverage.Hit(finding.RuleId);
            }
        }, iter: Iterations);
        coverage.RequireAtLeast(100, [.. RuleId.PersonRules]);
    }

    [Fact]
    public void Visits_evaluated_one_by_one_as_they_arrive_find_exactly_what_all_at_once_finds_each_once()
    {
        var coverage = new Coverage();
        PersonHistories.Messy.Sample(visits =>
        {
            var arrived = visits.Order(ArrivalOrder.Instance).ToList();
            var oneByOne = new List<Finding>();
            for (var i = 0; i < arrived.Count; i++)
            {
                var person = arrived[i].PersonId;
                var found = Supervisor.OnVisit(arrived[i], arrived.Take(i).Where(v => v.PersonId == person), Thresholds);
                Assert.All(found, f => Assert.True(f.Involves(arrived[i].SettlementId), $"{f} does not involve the new visit {arrived[i].SettlementId}"));
                oneByOne.AddRange(found);
                coverage.Hit("a visit completing several findings", found.Length > 1);
            }

            Assert.Equal(oneByOne.Count, oneByOne.Select(f => f.Key).Distinct().Count());
            Assert.Equal(Supervisor.Evaluate(visits, Thresholds).ToArray(), oneByOne.OrderBy(f => f.Key, StringComparer.Ordinal).ToArray());
            coverage.Hit("findings", oneByOne.Count > 0);
            coverage.Hit("equal arrival instants", arrived.Zip(arrived.Skip(1)).Any(p => p.First.AcceptedAt == p.Second.AcceptedAt));
        }, iter: Iterations);
        coverage.RequireAtLeast(100, "a visit completing several findings", "findings", "equal arrival instants");
    }

    [Fact]
    public void A_visit_replayed_with_the_whole_history_finds_what_it_found_when_it_arrived()
    {
        Shuffled.Sample((visits, seed) =>
        {
            var everything = visits.ToArray();
            new Random(seed).Shuffle(everything);
            foreach (var visit in visits)
            {
                var history = everything.Where(v => v.PersonId == visit.PersonId).ToList();
                var earlier = history.Where(v => ArrivalOrder.Instance.Compare(v, visit) < 0);
                Assert.Equal(Supervisor.OnVisit(visit, earlier, Thresholds).ToArray(), Supervisor.OnVisit(visit, history, Thresholds).ToArray());
            }
        }, iter: Iterations);
    }

    [Fact]
    public void A_reversed_visit_is_in_no_finding_and_only_the_split_windows_it_filled_change()
    {
        var coverage = new Coverage();
        Gen.Select(PersonHistories.Messy, Gen.Int[0, 13]).Where(t => t.Item1.Count > t.Item2).Sample((visits, index) =>
        {
            var target = visits[index].SettlementId;
            var reversed = visits.Select(v => v.SettlementId == target ? v with { Reversed = true } : v).ToList();

            var before = Supervisor.Evaluate(visits, Thresholds);
            var after = Supervisor.Evaluate(reversed, Thresholds);
            Assert.DoesNotContain(after, f => f.Involves(target));
            // The pairwise and per-visit rules lose exactly the findings that named the reversed visit.
            static IEnumerable<Finding> NotSplit(IEnumerable<Finding> findings) => findings.Where(f => f.RuleId != RuleId.SplitPrescriptions);
            Assert.Equal(NotSplit(before).Where(f => !f.Involves(target)).ToArray(), NotSplit(after).ToArray());
            coverage.Hit("a finding withdrawn", before.Any(f => f.Involves(target)) && !visits[index].Reversed);
        }, iter: Iterations);
        coverage.RequireAtLeast(100, "a finding withdrawn");
    }

    [Fact]
    public void A_history_clean_by_construction_raises_nothing()
    {
        var coverage = new Coverage();
        PersonHistories.Clean.Sample(visits =>
        {
            Assert.Empty(Supervisor.Evaluate(visits, Thresholds));
            var stays = visits.Where(v => v.IsStay).ToList();
            coverage.Hit("transfer on the discharge day", stays.Zip(stays.Skip(1)).Any(p => p.Second.Admission == p.First.Discharge));
            coverage.Hit("outpatient on a discharge day", visits.Any(v => !v.IsStay && stays.Any(s => s.Discharge == v.ServiceDate)));
            coverage.Hit("two care regions on consecutive days", visits.Zip(visits.Skip(1)).Any(p => p.First.CareRegionCode != p.Second.CareRegionCode && p.Second.ServiceDate.DayNumber - p.First.ServiceDate.DayNumber == 1));
            coverage.Hit("readmission within the window", stays.Zip(stays.Skip(1)).Any(p => p.Second.Admission.DayNumber - p.First.Discharge.DayNumber <= Thresholds.ReadmissionWindowDays));
        }, iter: Iterations);
        coverage.RequireAtLeast(50, "transfer on the discharge day", "outpatient on a discharge day", "two care regions on consecutive days", "readmission within the window");
    }

    [Fact]
    public void Every_finding_names_counted_settlements_sorted_and_its_figures_once()
    {
        PersonHistories.Messy.Sample(visits =>
        {
            var counted = visits.Where(v => !v.Reversed).Select(v => v.SettlementId).ToHashSet();
            foreach (var finding in Supervisor.Evaluate(visits, Thresholds))
            {
                Assert.StartsWith(finding.RuleId + "|", finding.Key);
                Assert.Contains(finding.RuleId, RuleId.PersonRules);
                Assert.Equal(finding.SettlementIds.Order(StringComparer.Ordinal), finding.SettlementIds);
                Assert.All(finding.SettlementIds, id => Assert.Contains(id, counted));
                Assert.Equal(finding.Evidence.Length, finding.Evidence.Select(e => e.Name).Distinct().Count());
            }
        }, iter: Iterations);
    }
}
