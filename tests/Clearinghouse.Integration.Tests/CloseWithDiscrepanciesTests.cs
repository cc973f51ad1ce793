using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using static Clearinghouse.Integration.Tests.Support.ReportStream;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// Reconciliation gates the close: open discrepancies in the period refuse it, unless forced; a forced
/// close lists them on the summary and on the care region's statement.
/// </summary>
public sealed class CloseWithDiscrepanciesTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    private const string Insured = "150102";
    private const string Care = "160102";

    [Fact]
    public async Task Open_discrepancies_hold_the_close_until_resolved_or_forced()
    {
        var scenario = new Scenario(fixture, "gate");
        var today = ChinaClock.Today;
        await scenario.RegionAsync(Insured, "Insured");
        await scenario.RegionAsync(Care, "Care");
        await scenario.PolicyAsync(Insured, new DateOnly(today.Year - 1, 1, 1), Policies.Standard());
        await scenario.HospitalAsync("GATE-H", Care, 2);
        await scenario.PersonAsync("gate-1", Insured, Scheme.Employee, PersonCategory.Active);
        var settled = await fixture.Settlements.SettleAsync(new Visits(3).Next("gate-s1", "gate-1", Care, "GATE-H", today, maxItems: 3));
        var period = settled.Period;

        // The region reports a settlement the clearinghouse never saw, and not the one it did.
        var result = await fixture.Reconciliation.SubmitAsync(
            [Header("gate-report", Care, ChinaClock.Format(today)), Entry("gate-unknown", ReportEntryKind.Settlement, 100, 0)]);
        Assert.Equal(2, result.Discrepancies.Count);

        var before = await fixture.Database.CountsAsync();
        var refused = await Rpc.RefusedAsync(StatusCode.FailedPrecondition,
            () => fixture.Clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "gate-close", Period = period }));
        Assert.Contains("2 open reconciliation discrepancies", refused.Status.Detail);
        Assert.Equal(before, await fixture.Database.CountsAsync());
        Assert.Equal(period, (await fixture.Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_);

        var missing = result.Discrepancies.Single(d => d.Kind == DiscrepancyKind.MissingInRegion);
        await fixture.Reconciliation.ResolveDiscrepancyAsync(new ResolveDiscrepancyRequest
        {
            RequestId = "gate-resolve", DiscrepancyId = missing.DiscrepancyId, Resolution = DiscrepancyResolution.AcceptClearinghouse,
        });
        refused = await Rpc.RefusedAsync(StatusCode.FailedPrecondition,
            () => fixture.Clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "gate-close", Period = period }));
        Assert.Contains("1 open reconciliation discrepancies", refused.Status.Detail);

        var closed = await fixture.Clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "gate-close-forced", Period = period, Force = true });
        var stillOpen = result.Discrepancies.Single(d => d.Kind == DiscrepancyKind.MissingInClearinghouse);
        Assert.True(closed.Forced);
        Assert.Equal([(stillOpen.DiscrepancyId, Care, "gate-unknown")], closed.OpenDiscrepancies.Select(d => (d.DiscrepancyId, d.CareRegionCode, d.RequestId)));
        var statement = await fixture.Clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = Care });
        Assert.Equal([stillOpen.DiscrepancyId], statement.OpenDiscrepancies.Select(d => d.DiscrepancyId));
        Assert.Equal(settled.FundPayFen + settled.AccountPayFen, statement.ReceivableTotalFen);
        Assert.Empty((await fixture.Clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = Insured })).OpenDiscrepancies);
    }
}
