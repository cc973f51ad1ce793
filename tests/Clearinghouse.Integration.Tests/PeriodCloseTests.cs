using System.Collections.Concurrent;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// Two periods of five regions, closed one after the other with settlements still arriving: every
/// statement equals the test's own recomputation, the transfers settle every net position, closing is
/// idempotent, and statements read the same after a restart.
/// </summary>
public sealed class PeriodCloseTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    private const string ClearingAccount = "000000";
    private static readonly string[] Regions = ["110101", "310101", "440103", "510104", "610924"];

    [Fact]
    public async Task Two_periods_close_into_statements_and_transfers_that_match_an_independent_recomputation()
    {
        var scenario = new Scenario(fixture, "close");
        var visits = new Visits(20_261_128);
        var model = new ClearingModel();
        var people = await SetUpAsync(scenario);
        var clearing = fixture.Clearing;

        // Prepayments of every size, and none for one region.
        foreach (var (region, amount) in new[] { (Regions[2], 50_000_000L), (Regions[1], 30_000L), (Regions[3], 200_000L), (Regions[4], 1_234L) })
        {
            var balance = await clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = $"deposit-{region}", RegionCode = region, AmountFen = amount, BankReference = $"BANK-{region}" });
            model.Deposit(region, amount);
            Assert.Equal(model.BalanceOf(region), balance.BalanceFen);
        }

        var first = (await clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        // The first period is the month the host's clock read when the clearing opened it: not before the
        // host started, not after now (the two differ only if a month ended in between).
        var startedIn = ChinaClock.Period(DateOnly.FromDateTime(fixture.StartedAt.ToOffset(TimeSpan.FromHours(8)).DateTime));
        var now = ChinaClock.PeriodOn(fixture.HostClock);
        Assert.True(string.CompareOrdinal(startedIn, first) <= 0 && string.CompareOrdinal(first, now) <= 0,
            $"the first open period is {first}; the host's clock read {startedIn} at start and reads {now} now");
        var booked = new ConcurrentBag<(string Period, Booking Booking)>();
        var firstSettlements = await SettleManyAsync(scenario, visits, people, 160, booked);
        await ReverseAsync(firstSettlements.Take(15), booked);

        // Close the first period while settlements keep arriving: each lands in one period or the other.
        using var watch = clearing.WatchPeriods(new WatchPeriodsRequest { RegionCode = Regions[1] });
        Assert.True(await watch.ResponseStream.MoveNext());
        Assert.Equal(new PeriodNotice { Period = first, State = PeriodState.Open }, watch.ResponseStream.Current);
        var during = SettleManyAsync(scenario, visits, people, 120, booked);
        var closed = await clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "close-1", Period = first });
        var secondSettlements = (await during).ToList();
        var second = closed.NextPeriod;
        Assert.Equal(PeriodState.Closed, closed.State);
        Assert.Equal(second, (await clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_);
        // Settlements in flight during the close landed in one period or the other.
        Assert.All(booked, b => Assert.True(b.Period == first || b.Period == second, $"booked in {b.Period}"));

        var expectedFirst = model.Close(booked.Where(b => b.Period == first).Select(b => b.Booking));
        await AssertPeriodAsync(first, closed, expectedFirst);
        Assert.True(await watch.ResponseStream.MoveNext());
        var notice = watch.ResponseStream.Current;
        Assert.Equal((first, PeriodState.Closed, second, true), (notice.Period, notice.State, notice.NextPeriod, notice.StatementReady));
        Assert.Equal(expectedFirst.Statements[Regions[1]].NetFen, notice.NetFen);

        // The second period: more settlements, reversals of settlements of both periods.
        secondSettlements.AddRange(await SettleManyAsync(scenario, visits, people, 60, booked));
        await ReverseAsync(firstSettlements.Skip(15).Take(12).Concat(secondSettlements.Where(s => s.Period == second).Take(8)), booked);
        Assert.All(booked.Where(b => b.Booking.IsReversal && b.Period != first), b => Assert.Equal(second, b.Period));
        var closedSecond = await clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "close-2", Period = second });
        var expectedSecond = model.Close(booked.Where(b => b.Period == second).Select(b => b.Booking));
        await AssertPeriodAsync(second, closedSecond, expectedSecond);
        // The scenario reaches every case of the money rules.
        var all = expectedFirst.Statements.Values.Concat(expectedSecond.Statements.Values).ToList();
        Assert.Contains(all, s => s.NetFen < 0 && s.DrawnFen > 0 && s.DueFen == 0);
        Assert.Contains(all, s => s.NetFen < 0 && s.DrawnFen > 0 && s.DueFen > 0);
        Assert.Contains(all, s => s.NetFen < 0 && s.DrawnFen == 0 && s.DueFen > 0);
        Assert.Contains(all, s => s.NetFen > 0);
        Assert.Contains(all, s => s.TopUp is not null);
        Assert.Contains(all, s => s.TopUp is null && s.BalanceAfterFen > 0);

        // Idempotent: the same request, another request, and statements after a restart all read the same.
        Assert.Equal(closed, await clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "close-1", Period = first }));
        Assert.Equal(closed, await clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "close-1-again", Period = first }));
        var confirmed = await clearing.ConfirmStatementAsync(new ConfirmStatementRequest { RequestId = "confirm-1", Period = first, RegionCode = Regions[2] });
        Assert.True(confirmed.Confirmed);
        Assert.Equal(confirmed, await clearing.ConfirmStatementAsync(new ConfirmStatementRequest { RequestId = "confirm-1", Period = first, RegionCode = Regions[2] }));
        var before = await AllStatementsAsync(first);
        var transfersBefore = await clearing.ListTransfersAsync(new ListTransfersRequest { Period = second });
        await fixture.RestartHostAsync();
        Assert.Equal(before, await AllStatementsAsync(fixture.Clearing, first));
        Assert.Equal(transfersBefore, await fixture.Clearing.ListTransfersAsync(new ListTransfersRequest { Period = second }));
        Assert.Equal(closedSecond, await fixture.Clearing.GetPeriodSummaryAsync(new GetPeriodSummaryRequest { Period = second }));
        Assert.Equal(ChinaClockNext(second), (await fixture.Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_);
    }

    [Fact]
    public async Task Refusals_name_the_problem_and_write_nothing()
    {
        var clearing = fixture.Clearing;
        var open = (await clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        var rowsBefore = await fixture.Database.CountsAsync();

        await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "bad-1", Period = "2026-13" }));
        await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => clearing.ClosePeriodAsync(new ClosePeriodRequest { Period = open }));
        await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "bad-2", Period = "2099-01" }));
        await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => clearing.GetStatementAsync(new GetStatementRequest { Period = open, RegionCode = "110101" }));
        await Rpc.RefusedAsync(StatusCode.NotFound, () => clearing.GetStatementAsync(new GetStatementRequest { Period = "2001-01", RegionCode = "110101" }));
        await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => clearing.ListTransfersAsync(new ListTransfersRequest { Period = open }));
        await Rpc.RefusedAsync(StatusCode.NotFound, () => clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "bad-3", RegionCode = "999999", AmountFen = 100, BankReference = "BANK-REF-1" }));
        await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "bad-4", RegionCode = "110101", AmountFen = 0, BankReference = "BANK-REF-1" }));
        await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "bad-5", RegionCode = ClearingAccount, AmountFen = 100, BankReference = "BANK-REF-1" }));
        await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => clearing.ListStatementsAsync(new ListStatementsRequest { Period = open, PageToken = "not-a-token" }));

        Assert.Equal(rowsBefore, await fixture.Database.CountsAsync());
        Assert.Equal(open, (await clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_);
    }

    private async Task AssertPeriodAsync(string period, PeriodSummary summary, ExpectedClose expected)
    {
        Assert.Equal(
            (expected.GrossTotalFen, expected.NetTotalFen, expected.EfficiencyBp, expected.RegionCount, expected.SettlementCount, expected.ReversalCount),
            (summary.GrossTotalFen, summary.NetTotalFen, summary.NettingEfficiencyBp, summary.RegionCount, summary.SettlementCount, summary.ReversalCount));
        Assert.Equal(ChinaClockNext(period), summary.NextPeriod);

        var statements = await AllStatementsAsync(period);
        Assert.Equal(expected.Statements.Keys.Order(StringComparer.Ordinal), statements.Select(s => s.RegionCode));
        foreach (var statement in statements)
        {
            var e = expected.Statements[statement.RegionCode];
            Assert.Equal(e.Lines, statement.Lines.Select(l => new ExpectedLine(l.CounterpartyRegionCode, l.ReceivableFen, l.PayableFen, l.SettlementCount, l.ReversalCount)));
            Assert.Equal(
                (e.ReceivableTotalFen, e.PayableTotalFen, e.NetFen, e.DrawnFen, e.DueFen, e.BalanceAfterFen),
                (statement.ReceivableTotalFen, statement.PayableTotalFen, statement.NetFen, statement.PrepaymentDrawnFen, statement.AmountDueFen, statement.PrepaymentBalanceFen));
            Assert.Equal(e.TopUp, statement.TopUpNotice is { } n ? new ExpectedTopUp(n.BalanceFen, n.ThresholdFen, n.ShortfallFen, n.PeriodCount) : null);
            Assert.Equal(statement, await fixture.Clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = statement.RegionCode }));
        }
        Assert.Equal(0, statements.Sum(s => s.NetFen));

        // The transfers settle every position: debtors pay in what they owe, creditors are paid their net.
        var transfers = (await fixture.Clearing.ListTransfersAsync(new ListTransfersRequest { Period = period })).Transfers;
        Assert.All(transfers, t => Assert.True(t.AmountFen > 0 && (t.FromRegionCode == ClearingAccount) != (t.ToRegionCode == ClearingAccount)));
        Assert.Equal(transfers.Where(t => t.ToRegionCode == ClearingAccount).Sum(t => t.AmountFen), transfers.Where(t => t.FromRegionCode == ClearingAccount).Sum(t => t.AmountFen));
        foreach (var statement in statements)
        {
            var paidIn = transfers.Where(t => t.FromRegionCode == statement.RegionCode).Sum(t => t.AmountFen);
            var paidOut = transfers.Where(t => t.ToRegionCode == statement.RegionCode).Sum(t => t.AmountFen);
            Assert.Equal(statement.NetFen, paidOut - paidIn);
            Assert.Equal(statement.PrepaymentDrawnFen, transfers.Where(t => t.FromRegionCode == statement.RegionCode && t.Kind == TransferKind.PrepaymentDraw).Sum(t => t.AmountFen));
        }
    }

    private Task<List<Statement>> AllStatementsAsync(string period) => AllStatementsAsync(fixture.Clearing, period);

    private static async Task<List<Statement>> AllStatementsAsync(ClearingService.ClearingServiceClient clearing, string period)
    {
        var all = new List<Statement>();
        var token = "";
        do
        {
            var page = await clearing.ListStatementsAsync(new ListStatementsRequest { Period = period, PageSize = 2, PageToken = token });
            all.AddRange(page.Statements);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return all;
    }

    private static string ChinaClockNext(string period) =>
        ChinaClock.Period(ChinaClock.Parse(period + "-01").AddMonths(1));

    private async Task<List<(string Id, string Insured, string Care)>> SetUpAsync(Scenario scenario)
    {
        var today = fixture.Today;
        var people = new List<(string Id, string Insured, string Care)>();
        foreach (var (region, i) in Regions.Select((r, i) => (r, i)))
        {
            await scenario.RegionAsync(region, $"Region {region}");
            await scenario.PolicyAsync(region, new DateOnly(today.Year - 1, 1, 1), Policies.Standard());
            await scenario.HospitalAsync($"H{region}", region, 1 + i % 3);
        }
        for (var p = 0; p < 40; p++)
        {
            var insured = Regions[p % Regions.Length];
            var id = $"close-person-{p:D3}";
            await scenario.PersonAsync(id, insured, p % 2 == 0 ? Scheme.Employee : Scheme.Resident, p % 3 == 0 ? PersonCategory.Retired : PersonCategory.Active);
            await scenario.ContributionAsync(id, ChinaClock.Period(today), 200_000, 50_000);
            // Flows with a known sign, so every case of the money rules shows: people of the first three
            // regions are treated only in the last two (pure debtors: none, a covering and a short
            // prepayment); the last two treat each other's people too, which netting offsets.
            var care = (p % Regions.Length) switch
            {
                < 3 => Regions[3 + p / Regions.Length % 2],
                3 => Regions[4],
                _ => Regions[3],
            };
            people.Add((id, insured, care));
        }
        return people;
    }

    private static async Task<List<Settlement>> SettleManyAsync(
        Scenario scenario, Visits visits, List<(string Id, string Insured, string Care)> people, int count,
        ConcurrentBag<(string Period, Booking Booking)> booked)
    {
        var requests = Enumerable.Range(0, count).Select(_ =>
        {
            var (id, _, care) = people[visits.Random.Next(people.Count)];
            return visits.Next(scenario.NextRequestId("settle"), id, care, $"H{care}", scenario.Today, maxItems: 5);
        }).ToList();
        var answers = await Task.WhenAll(requests.Select(async request =>
        {
            var answer = await scenario.Settlements.SettleAsync(request);
            booked.Add((answer.Period, new Booking(answer.InsuredRegionCode, answer.CareRegionCode, answer.FundPayFen + answer.AccountPayFen, false)));
            return answer;
        }));
        return [.. answers];
    }

    private async Task ReverseAsync(IEnumerable<Settlement> settlements, ConcurrentBag<(string Period, Booking Booking)> booked)
    {
        foreach (var s in settlements)
        {
            var reversal = await fixture.Settlements.ReverseAsync(new ReverseRequest
            {
                RequestId = "reverse-" + s.SettlementId, SettlementId = s.SettlementId, CareRegionCode = s.CareRegionCode, Reason = "test",
            });
            booked.Add((reversal.Period, new Booking(s.InsuredRegionCode, s.CareRegionCode, reversal.FundPayFen + reversal.AccountPayFen, true)));
        }
    }
}
