using Clearinghouse.Domain.Reconciliation;
using Clearinghouse.Domain.Tests.Support;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Reconciliation;

/// <summary>Random report-versus-ledger days: every key is classified exactly once and the figures add up.</summary>
public sealed class ComparisonProperties
{
    private const int Iterations = 2_000;

    [Fact]
    public void Every_key_is_classified_once_and_matched_plus_discrepancies_add_up()
    {
        var coverage = new Coverage();
        ReportDays.Day.Sample(day =>
        {
            var tally = new ComparisonTally();
            var joined = day.Join().ToList();
            foreach (var entry in joined)
            {
                tally.Add(entry);
            }

            var byKind = tally.Found.GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Count());
            int Count(DiscrepancyKind kind) => byKind.GetValueOrDefault(kind);
            var regionKeys = day.Lines.Select(l => (l.RequestId, l.Kind)).Distinct().Count();

            // Each key of either side gets exactly one classification: matched or one comparison discrepancy.
            var comparisons = tally.Found.Where(f => f.Kind != DiscrepancyKind.DuplicateInReport).ToList();
            Assert.Equal(comparisons.Count, comparisons.Select(f => (f.RequestId, f.EntryKind)).Distinct().Count());
            Assert.Equal(joined.Count, tally.MatchedCount + comparisons.Count);
            // The report's side and the ledger's side each add up.
            Assert.Equal(regionKeys, tally.MatchedCount + Count(DiscrepancyKind.AmountMismatch) + Count(DiscrepancyKind.MissingInClearinghouse));
            Assert.Equal(day.Ledger.Count, tally.MatchedCount + Count(DiscrepancyKind.AmountMismatch) + Count(DiscrepancyKind.MissingInRegion));
            Assert.Equal(day.Lines.Count, tally.RegionEntryCount);
            Assert.Equal(day.Ledger.Count, tally.ClearinghouseEntryCount);

            // And each key got what its fate says.
            foreach (var ((requestId, kind), fate) in day.Fates)
            {
                var found = tally.Found.Where(f => f.RequestId == requestId && f.EntryKind == kind).Select(f => f.Kind).Order().ToArray();
                DiscrepancyKind[] expected = fate switch
                {
                    Fate.Agrees => [],
                    Fate.MissingInReport => [DiscrepancyKind.MissingInRegion],
                    Fate.OtherAmounts => [DiscrepancyKind.AmountMismatch],
                    Fate.Duplicated => [DiscrepancyKind.DuplicateInReport],
                    Fate.DuplicatedWithOtherAmounts => [DiscrepancyKind.AmountMismatch, DiscrepancyKind.DuplicateInReport],
                    Fate.OnlyInReport => [DiscrepancyKind.MissingInClearinghouse],
                    _ => [DiscrepancyKind.MissingInClearinghouse, DiscrepancyKind.DuplicateInReport],
                };
                Assert.Equal(expected, found);
                coverage.Hit(fate.ToString());
            }
            coverage.Hit("empty day", day.Ledger.Count == 0 && day.Lines.Count == 0);
            coverage.Hit("one request id, both kinds", day.Fates.Keys.GroupBy(k => k.Item1).Any(g => g.Count() == 2));
        }, iter: Iterations);
        coverage.RequireAtLeast(20, [.. Enum.GetNames<Fate>(), "one request id, both kinds"]);
    }

    [Fact]
    public void Counting_the_plainly_agreeing_keys_in_bulk_gives_the_same_result_as_classifying_them()
    {
        ReportDays.Day.Sample(day =>
        {
            var one = new ComparisonTally();
            var bulk = new ComparisonTally();
            var joined = day.Join().ToList();
            // What the store counts instead of sending: one line, both sides, equal amounts.
            static bool Agrees(ComparedEntry e) => e.RegionLines == 1 && e.Region == e.Clearinghouse;
            foreach (var entry in joined)
            {
                one.Add(entry);
                if (!Agrees(entry))
                {
                    bulk.Add(entry);
                }
            }
            bulk.AddAgreeing(joined.Count(Agrees));

            Assert.Equal((one.MatchedCount, one.RegionEntryCount, one.ClearinghouseEntryCount), (bulk.MatchedCount, bulk.RegionEntryCount, bulk.ClearinghouseEntryCount));
            Assert.Equal(one.Found, bulk.Found);
        }, iter: 1_000);
    }
}
