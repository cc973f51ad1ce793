using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Reconciliation;

namespace Clearinghouse.Domain.Tests.Reconciliation;

/// <summary>The day's fold: reports, carry-over and resolutions, and the first answer given again.</summary>
public sealed class ReconciliationDayStateTests
{
    private static readonly DateOnly Day = new(2026, 3, 31);
    private static readonly DateTimeOffset At = new(2026, 4, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly FoundDiscrepancy Missing = new(DiscrepancyKind.MissingInRegion, "S1", EntryKind.Settlement, null, new EntryAmounts(500, 0));
    private static readonly FoundDiscrepancy Mismatch = new(DiscrepancyKind.AmountMismatch, "S2", EntryKind.Settlement, new EntryAmounts(1, 0), new EntryAmounts(2, 0));

    private static RequestStamp Stamp(string requestId, int minute) => new("610924", requestId, "f-" + requestId, At.AddMinutes(minute));

    private static DailyReportReconciled Report(string id, int minute, params RecordedDiscrepancy[] found) =>
        new(Stamp("q-" + id, minute), id, "610924", Day, 10, 10, 10, [.. found], []);

    [Fact]
    public void A_resolution_after_a_report_does_not_change_that_reports_first_answer_but_shows_in_the_next()
    {
        var state = new ReconciliationDayState();
        var first = Report("rec1", 0, new RecordedDiscrepancy("d1", Missing, false), new RecordedDiscrepancy("d2", Mismatch, false));
        state.Apply(first);
        state.Apply(new DiscrepancyResolved(Stamp("q-resolve", 1), "d1", DiscrepancyResolution.WrittenOff, "agreed by phone", "officer Li"));
        var second = Report("rec2", 2, new RecordedDiscrepancy("d1", Missing, true)) with { Superseded = ["d2"] };
        state.Apply(second);

        Assert.Equal(3, state.Version);
        Assert.All(state.ReportAsOf(first).Discrepancies, d => Assert.Equal(DiscrepancyStatus.Open, d.Status));
        var carried = Assert.Single(state.ReportAsOf(second).Discrepancies);
        Assert.Equal(("d1", DiscrepancyStatus.Resolved, DiscrepancyResolution.WrittenOff, "officer Li", "agreed by phone", At.AddMinutes(1)),
            (carried.DiscrepancyId, carried.Status, carried.Resolution, carried.Officer, carried.Note, carried.ResolvedAt));
        Assert.Equal("rec1", carried.ReconciliationId);
        Assert.Equal(DiscrepancyStatus.Superseded, state.Find("d2")!.Status);
        Assert.Equal(["d1"], state.Live.Select(l => l.DiscrepancyId));
        Assert.Same(second, state.Latest);
        Assert.Equal(1, state.FindRequest(RequestKey.Of("610924", "q-rec1")));
        Assert.Equal(2, state.FindRequest(RequestKey.Of("610924", "q-resolve")));
    }
}
