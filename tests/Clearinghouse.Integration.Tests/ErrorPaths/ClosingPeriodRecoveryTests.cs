using Clearinghouse.Api;
using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.Integration.Tests.ErrorPaths;

/// <summary>
/// A host that dies between a close's two commits leaves the period CLOSING: the cut-off is in the
/// clearing stream, the netting is not. The test writes exactly that state (the cut-off event, appended
/// through the host's own event log, as the close would have) and restarts the host: the clearing grain's
/// next activation nets the period, and a retry of the close answers the closed summary without writing.
/// Worked figures: one inpatient visit, 120,000 fen of category A at a level-1 hospital, resident
/// scheme, unregistered: fund floor((120,000 − 20,000) × 6500 / 10000) = 65,000 fen owed by 270102 to 280102.
/// </summary>
public sealed class ClosingPeriodRecoveryTests(ClosingPeriodRecoveryTests.Fixture fixture) : IClassFixture<ClosingPeriodRecoveryTests.Fixture>
{
    private const string Insured = "270102";
    private const string Care = "280102";
    private const long FundPayFen = 65_000;

    [Fact]
    public async Task A_period_left_closing_by_a_crash_is_netted_by_the_next_activation_and_the_retried_close_answers_it()
    {
        var scenario = new Scenario(fixture, "crash");
        var today = ChinaClock.Today;
        await scenario.RegionAsync(Insured, "Nanchang Donghu");
        await scenario.RegionAsync(Care, "Jinan Lixia");
        await scenario.PolicyAsync(Insured, new DateOnly(today.Year - 1, 1, 1), Policies.Standard());
        await scenario.HospitalAsync("CRASH-H1", Care, 1);
        await scenario.PersonAsync("crash-p1", Insured, Scheme.Resident, PersonCategory.Active);
        var visit = new SettleRequest
        {
            RequestId = "crash-visit-1", CareRegionCode = Care, HospitalCode = "CRASH-H1", PersonId = "crash-p1",
            VisitType = VisitType.Inpatient, ServiceDate = ChinaClock.Format(today), Visit = Stays.Ending(today),
        };
        visit.Items.Add(new LineItem { Code = "A-1", Name = "ward", Category = ItemCategory.A, Quantity = 1, AmountFen = 120_000 });
        var settled = await scenario.SettleAsync(visit);
        scenario.AssertNoMismatches();
        Assert.Equal(FundPayFen, settled.FundPayFen);
        var period = settled.Period;
        var next = ChinaClock.Period(ChinaClock.Parse(period + "-01").AddMonths(1));

        // The first commit of a close, as ClearingGrain.CutOff writes it; the second never happens.
        var close = new ClosePeriodRequest { RequestId = "crash-close", Period = period };
        var log = fixture.Host.Services.GetRequiredService<IEventLog>();
        var clearing = await log.ReadAsync(StreamKeys.Clearing);
        var stamp = new RequestStamp("000000", close.RequestId, Fingerprint.Of(close), Domain.AcceptanceClock.AcceptedNow(TimeProvider.System));
        await log.AppendAsync(new StreamAppend(StreamKeys.Clearing, clearing.Count, [new PeriodCutOff(stamp, period, next, Forced: false)]));
        var cutOff = await fixture.Database.CountsAsync();

        await fixture.RestartHostAsync();

        // The first call activates the clearing grain, which nets the period before answering.
        var summary = await fixture.Clearing.GetPeriodSummaryAsync(new GetPeriodSummaryRequest { Period = period });
        Assert.Equal(
            (PeriodState.Closed, FundPayFen, FundPayFen, 0, 2, 1L, 0L, next, false),
            (summary.State, summary.GrossTotalFen, summary.NetTotalFen, summary.NettingEfficiencyBp, summary.RegionCount,
                summary.SettlementCount, summary.ReversalCount, summary.NextPeriod, summary.Forced));
        Assert.Equal(stamp.AcceptedAt, DateTimeOffset.Parse(summary.CutOffAt, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(next, (await fixture.Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_);
        Assert.Equal(
            ["period_opened_v1", "period_cut_off_v1", "period_closed_v1"],
            (await fixture.Database.StreamAsync("clearing")).Select(e => e.Type));
        // The netting commit: the close and one statement (a stream of its own) per region, under the system's
        // request key; the period left closing is closed.
        Assert.Equal(
            cutOff with
            {
                Events = cutOff.Events + 3, RequestKeys = cutOff.RequestKeys + 1, Streams = cutOff.Streams + 2,
                Periods = cutOff.Periods.Replace($"{period}:closing", $"{period}:closed"),
            },
            await fixture.Database.CountsAsync());
        Assert.Contains("netting:" + period, await RequestKeyProbe.IdsAsync(fixture.ConnectionString, "000000"));

        var insured = await fixture.Clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = Insured });
        Assert.Equal((-FundPayFen, 0L, FundPayFen), (insured.NetFen, insured.PrepaymentDrawnFen, insured.AmountDueFen));
        var care = await fixture.Clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = Care });
        Assert.Equal((FundPayFen, FundPayFen), (care.NetFen, care.ReceivableTotalFen));

        // The platform retries the close it never heard back from: the same answer, nothing written.
        var netted = await fixture.Database.CountsAsync();
        Assert.Equal(summary, await fixture.Clearing.ClosePeriodAsync(close));
        Assert.Equal(netted, await fixture.Database.CountsAsync());
    }

    public sealed class Fixture : ClearinghouseFixture;
}
