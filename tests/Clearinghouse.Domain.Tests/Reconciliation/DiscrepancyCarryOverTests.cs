using Clearinghouse.Domain.Reconciliation;
using Clearinghouse.Domain.Tests.Support;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Reconciliation;

public sealed class DiscrepancyCarryOverTests
{
    private static FoundDiscrepancy Mismatch(string requestId, long regionFund) =>
        new(DiscrepancyKind.AmountMismatch, requestId, EntryKind.Settlement, new EntryAmounts(regionFund, 0), new EntryAmounts(100, 0));

    private static Func<string> Ids(string prefix)
    {
        var next = 0;
        return () => $"{prefix}{++next}";
    }

    [Fact]
    public void A_first_report_gives_every_discrepancy_a_new_id_and_supersedes_nothing()
    {
        var result = DiscrepancyCarryOver.Merge([], [Mismatch("S1", 90), Mismatch("S2", 80)], Ids("n"));
        Assert.Equal(["n1", "n2"], result.Recorded.Select(r => r.DiscrepancyId));
        Assert.All(result.Recorded, r => Assert.False(r.CarriedOver));
        Assert.Empty(result.Superseded);
    }

    [Fact]
    public void The_same_content_found_again_keeps_its_id_whatever_its_status()
    {
        LiveDiscrepancy[] live = [new("d1", Mismatch("S1", 90), DiscrepancyStatus.Resolved), new("d2", Mismatch("S2", 80), DiscrepancyStatus.Open)];
        var result = DiscrepancyCarryOver.Merge(live, [Mismatch("S2", 80), Mismatch("S1", 90)], Ids("n"));
        Assert.Equal([("d2", true), ("d1", true)], result.Recorded.Select(r => (r.DiscrepancyId, r.CarriedOver)));
        Assert.Empty(result.Superseded);
    }

    [Fact]
    public void Other_amounts_are_a_new_discrepancy_the_open_one_is_superseded_the_resolved_one_stays()
    {
        LiveDiscrepancy[] live = [new("d1", Mismatch("S1", 90), DiscrepancyStatus.Resolved), new("d2", Mismatch("S2", 80), DiscrepancyStatus.Open)];
        var result = DiscrepancyCarryOver.Merge(live, [Mismatch("S1", 91), Mismatch("S2", 81)], Ids("n"));
        Assert.Equal([("n1", false), ("n2", false)], result.Recorded.Select(r => (r.DiscrepancyId, r.CarriedOver)));
        Assert.Equal(["d2"], result.Superseded.AsEnumerable());
    }

    [Fact]
    public void A_clean_report_supersedes_every_open_discrepancy_and_no_resolved_one()
    {
        LiveDiscrepancy[] live = [new("d1", Mismatch("S1", 90), DiscrepancyStatus.Resolved), new("d2", Mismatch("S2", 80), DiscrepancyStatus.Open)];
        var result = DiscrepancyCarryOver.Merge(live, [], Ids("n"));
        Assert.Empty(result.Recorded);
        Assert.Equal(["d2"], result.Superseded.AsEnumerable());
    }

    [Fact]
    public void Random_resubmissions_carry_exactly_the_agreeing_discrepancies()
    {
        var content = Gen.Select(Gen.Int[0, 15], Gen.Int[0, 3], Gen.Long[0, 2], (key, kind, fund) =>
            new FoundDiscrepancy((DiscrepancyKind)(kind + 1), $"S{key}", EntryKind.Settlement, new EntryAmounts(fund, 0), null));
        var live = Gen.Select(content, Gen.Bool, (found, resolved) => (found, resolved)).List[0, 20];
        var coverage = new Coverage();
        Gen.Select(live, content.List[0, 20]).Sample((earlier, found) =>
        {
            var liveSet = earlier.DistinctBy(e => e.found)
                .Select((e, i) => new LiveDiscrepancy($"d{i}", e.found, e.resolved ? DiscrepancyStatus.Resolved : DiscrepancyStatus.Open))
                .ToList();
            var distinctFound = found.Distinct().ToList();

            var result = DiscrepancyCarryOver.Merge(liveSet, distinctFound, Ids("n"));

            Assert.Equal(distinctFound, result.Recorded.Select(r => r.Found));
            Assert.Equal(result.Recorded.Count(), result.Recorded.Select(r => r.DiscrepancyId).Distinct().Count());
            foreach (var recorded in result.Recorded)
            {
                var earlierOne = liveSet.SingleOrDefault(l => l.Found == recorded.Found);
                Assert.Equal(earlierOne is not null, recorded.CarriedOver);
                Assert.Equal(earlierOne?.DiscrepancyId ?? recorded.DiscrepancyId, recorded.DiscrepancyId);
                coverage.Hit("carried resolved", earlierOne?.Status == DiscrepancyStatus.Resolved);
                coverage.Hit("carried open", earlierOne?.Status == DiscrepancyStatus.Open);
            }
            var expectedSuperseded = liveSet.Where(l => l.Status == DiscrepancyStatus.Open && !distinctFound.Contains(l.Found))
                .Select(l => l.DiscrepancyId).Order(StringComparer.Ordinal);
            Assert.Equal(expectedSuperseded, result.Superseded.AsEnumerable());
            coverage.Hit("superseded", result.Superseded.Length > 0);
        }, iter: 2_000);
        coverage.RequireAtLeast(20, "carried resolved", "carried open", "superseded");
    }
}
