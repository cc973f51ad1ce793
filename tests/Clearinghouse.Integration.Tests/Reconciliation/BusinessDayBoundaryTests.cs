using System.Globalization;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static Clearinghouse.Integration.Tests.Support.ReportStream;

namespace Clearinghouse.Integration.Tests.Reconciliation;

/// <summary>
/// The business day of a settlement is the China-time (UTC+8) day on which the clearinghouse accepted it:
/// one accepted at 23:59:59 and one at 00:00:00 the next day belong to different days (and here, since
/// the midnight is a month's end, their discrepancies to different periods), whatever the UTC date says.
/// </summary>
public sealed class BusinessDayBoundaryTests(BusinessDayBoundaryTests.Fixture fixture) : IClassFixture<BusinessDayBoundaryTests.Fixture>
{
    private const string Insured = "810102";
    private const string Care = "820102";
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    public sealed class Fixture : ClearinghouseFixture
    {
        public ShiftedClock TestClock { get; } = new(new DateTimeOffset(2026, 3, 30, 12, 0, 0, China));

        protected override TimeProvider? Clock => TestClock;

        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "boundary");
            await scenario.RegionAsync(Insured, "Nanjing Xuanwu");
            await scenario.RegionAsync(Care, "Wuhan Jiang'an");
            await scenario.PolicyAsync(Insured, new DateOnly(2025, 1, 1), Policies.Standard());
            await scenario.HospitalAsync("BD-H1", Care, 3);
            await scenario.PersonAsync("bd-1", Insured, Scheme.Resident, PersonCategory.Active);
            // A settlement the day before warms every path the test's two take (the person's grain, the
            // registry's caches, the open period), so that neither is a cold first call that could run
            // past the second its clock was set to. On 2026-03-30, it is in neither report below.
            await Settlements.SettleAsync(new Visits(41).Next("warm-up", "bd-1", Care, "BD-H1", new DateOnly(2026, 3, 30), VisitType.Outpatient, maxItems: 2));
        }
    }

    [Fact]
    public async Task Settlements_accepted_at_235959_and_000000_China_time_fall_on_different_business_days()
    {
        var visits = new Visits(42);
        fixture.TestClock.MoveTo(new DateTimeOffset(2026, 3, 31, 23, 59, 59, China));
        var late = await fixture.Settlements.SettleAsync(visits.Next("late", "bd-1", Care, "BD-H1", new DateOnly(2026, 3, 31), VisitType.Outpatient, maxItems: 2));
        fixture.TestClock.MoveTo(new DateTimeOffset(2026, 4, 1, 0, 0, 0, China));
        var early = await fixture.Settlements.SettleAsync(visits.Next("early", "bd-1", Care, "BD-H1", new DateOnly(2026, 3, 31), VisitType.Outpatient, maxItems: 2));

        // The instants really straddle midnight in China, yet both are 2026-03-31 in UTC.
        var lateAt = DateTimeOffset.Parse(late.AcceptedAt, CultureInfo.InvariantCulture).ToOffset(China);
        var earlyAt = DateTimeOffset.Parse(early.AcceptedAt, CultureInfo.InvariantCulture).ToOffset(China);
        Assert.Equal((new DateTime(2026, 3, 31, 23, 59, 59), new DateTime(2026, 4, 1, 0, 0, 0)),
            (lateAt.DateTime.AddTicks(-(lateAt.Ticks % TimeSpan.TicksPerSecond)), earlyAt.DateTime.AddTicks(-(earlyAt.Ticks % TimeSpan.TicksPerSecond))));
        Assert.Equal((31, 31), (lateAt.UtcDateTime.Day, earlyAt.UtcDateTime.Day));
        // Both are booked in the period still open: periods move at close, not at midnight (docs/clearing.md).
        Assert.Equal(("2026-03", "2026-03"), (late.Period, early.Period));

        SubmitDailyReportRequest[] both =
        [
            Entry("late", ReportEntryKind.Settlement, late.FundPayFen, late.AccountPayFen),
            Entry("early", ReportEntryKind.Settlement, early.FundPayFen, early.AccountPayFen),
        ];
        var march31 = await fixture.Reconciliation.SubmitAsync(both.Prepend(Header("report-0331", Care, "2026-03-31")));
        var april1 = await fixture.Reconciliation.SubmitAsync(both.Prepend(Header("report-0401", Care, "2026-04-01")));

        Assert.Equal((1L, 2L, 1L), (march31.MatchedCount, march31.RegionEntryCount, march31.ClearinghouseEntryCount));
        Assert.Equal((DiscrepancyKind.MissingInClearinghouse, "early"), Single(march31));
        Assert.Equal((1L, 2L, 1L), (april1.MatchedCount, april1.RegionEntryCount, april1.ClearinghouseEntryCount));
        Assert.Equal((DiscrepancyKind.MissingInClearinghouse, "late"), Single(april1));

        // Each open discrepancy belongs to the period of its business day.
        var open = fixture.Host.Services.GetRequiredService<IOpenDiscrepancies>();
        Assert.Equal([("early", new DateOnly(2026, 3, 31))], (await open.ListOpenAsync("2026-03")).Select(d => (d.RequestId, d.BusinessDate)));
        Assert.Equal([("late", new DateOnly(2026, 4, 1))], (await open.ListOpenAsync("2026-04")).Select(d => (d.RequestId, d.BusinessDate)));
        var status = await fixture.Reconciliation.GetReconciliationStatusAsync(new GetReconciliationStatusRequest { CareRegionCode = Care, Period = "2026-04" });
        Assert.Equal(30, status.Days.Count);
        Assert.Equal([("2026-04-01", 1)], status.Days.Where(d => d.Reconciled).Select(d => (d.BusinessDate, d.OpenDiscrepancyCount)));

        // "Today" is China's too: 2026-04-02 has not begun there.
        await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Reconciliation.SubmitAsync(both.Prepend(Header("report-0402", Care, "2026-04-02"))), "tomorrow");
    }

    private static (DiscrepancyKind, string) Single(ReconciliationResult result)
    {
        var discrepancy = Assert.Single(result.Discrepancies);
        return (discrepancy.Kind, discrepancy.RequestId);
    }
}
