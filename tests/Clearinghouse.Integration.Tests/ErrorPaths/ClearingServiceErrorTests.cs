using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests.ErrorPaths;

/// <summary>
/// ClearingService's documented answers and refusals that the close scenario does not reach. The seed
/// closes one period whose figures are worked by hand: one inpatient visit of a resident insured in
/// 210102 at a level-1 hospital of 220102 (120,000 fen of category A; deductible 20,000; ratio 8000 bp
/// less 1500 for no registration = 6500 bp; fund floor(100,000 × 0.65) = 65,000 fen), a prepayment of
/// 40,000 fen by 210102, and 21 regions that only deposited. Every refusal leaves the row counts as they were.
/// </summary>
public sealed class ClearingServiceErrorTests(ClearingServiceErrorTests.Fixture fixture) : IClassFixture<ClearingServiceErrorTests.Fixture>
{
    private const string ClearingAccount = "000000";
    private const string Insured = "210102";
    private const string Care = "220102";
    private const string Idle = "230102";
    private const string Nowhere = "299999";
    private const string NeverOpen = "2001-01";
    private const long FundPayFen = 65_000;
    private const long DepositFen = 40_000;

    private ClearingService.ClearingServiceClient Clearing => fixture.Clearing;

    [Fact]
    public async Task The_seeded_close_issues_the_worked_statements_transfers_and_summary()
    {
        var summary = await Clearing.GetPeriodSummaryAsync(new GetPeriodSummaryRequest { Period = fixture.Closed });
        Assert.Equal(
            (PeriodState.Closed, FundPayFen, FundPayFen, 0, 2, 1L, 0L, PeriodAfter(fixture.Closed), false),
            (summary.State, summary.GrossTotalFen, summary.NetTotalFen, summary.NettingEfficiencyBp, summary.RegionCount,
                summary.SettlementCount, summary.ReversalCount, summary.NextPeriod, summary.Forced));

        var insured = await Clearing.GetStatementAsync(new GetStatementRequest { Period = fixture.Closed, RegionCode = Insured });
        Assert.Equal(new StatementLine { CounterpartyRegionCode = Care, ReceivableFen = 0, PayableFen = FundPayFen, SettlementCount = 1 }, Assert.Single(insured.Lines));
        // Net −65,000: 40,000 drawn from the prepayment, 25,000 due; the empty balance is below 70% of 65,000.
        Assert.Equal((0L, FundPayFen, -FundPayFen, DepositFen, FundPayFen - DepositFen, 0L),
            (insured.ReceivableTotalFen, insured.PayableTotalFen, insured.NetFen, insured.PrepaymentDrawnFen, insured.AmountDueFen, insured.PrepaymentBalanceFen));
        Assert.Equal(new TopUpNotice { BalanceFen = 0, ThresholdFen = 45_500, ShortfallFen = 45_500, PeriodCount = 1 }, insured.TopUpNotice);

        var care = await Clearing.GetStatementAsync(new GetStatementRequest { Period = fixture.Closed, RegionCode = Care });
        Assert.Equal(new StatementLine { CounterpartyRegionCode = Insured, ReceivableFen = FundPayFen, PayableFen = 0, SettlementCount = 1 }, Assert.Single(care.Lines));
        Assert.Equal((FundPayFen, 0L, FundPayFen, 0L, 0L, 0L, false),
            (care.ReceivableTotalFen, care.PayableTotalFen, care.NetFen, care.PrepaymentDrawnFen, care.AmountDueFen, care.PrepaymentBalanceFen, care.Confirmed));
        Assert.Null(care.TopUpNotice);

        var transfers = (await Clearing.ListTransfersAsync(new ListTransfersRequest { Period = fixture.Closed })).Transfers;
        Assert.Equal(
            [
                (Insured, ClearingAccount, DepositFen, TransferKind.PrepaymentDraw),
                (Insured, ClearingAccount, FundPayFen - DepositFen, TransferKind.AmountDue),
                (ClearingAccount, Care, FundPayFen, TransferKind.Payout),
            ],
            transfers.Select(t => (t.FromRegionCode, t.ToRegionCode, t.AmountFen, t.Kind)).OrderBy(t => t.Kind));
    }

    [Fact]
    public async Task GetPrepaymentBalance_answers_each_region_s_balance_and_refuses_unknown_or_malformed_regions()
    {
        var before = await fixture.Database.CountsAsync();

        // The draw of the close emptied 210102's balance; a region that only deposited keeps its deposit.
        Assert.Equal(new PrepaymentBalance { RegionCode = Insured, BalanceFen = 0 }, await Balance(Insured));
        Assert.Equal(new PrepaymentBalance { RegionCode = HolderCode(7), BalanceFen = 7_000 }, await Balance(HolderCode(7)));
        Assert.Equal(new PrepaymentBalance { RegionCode = Idle, BalanceFen = 0 }, await Balance(Idle));

        var unknown = await Rpc.RefusedAsync(StatusCode.NotFound, () => Clearing.GetPrepaymentBalanceAsync(new GetPrepaymentBalanceRequest { RegionCode = Nowhere }));
        Assert.Equal($"region {Nowhere} not found", unknown.Status.Detail);
        var malformed = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => Clearing.GetPrepaymentBalanceAsync(new GetPrepaymentBalanceRequest { RegionCode = "21010" }));
        Assert.Contains("region_code must be a 6-digit region code other than 000000, got '21010'", malformed.Status.Detail);
        var account = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => Clearing.GetPrepaymentBalanceAsync(new GetPrepaymentBalanceRequest { RegionCode = ClearingAccount }));
        Assert.Contains("region_code must be a 6-digit region code other than 000000", account.Status.Detail);
        Assert.Equal(before, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task A_deposit_s_request_id_reused_with_other_content_is_refused_and_its_retry_answers_the_first_balance()
    {
        var before = await fixture.Database.CountsAsync();

        var otherAmount = await Rpc.RefusedAsync(StatusCode.AlreadyExists, () => Clearing.DepositPrepaymentAsync(
            new DepositPrepaymentRequest { RequestId = "deposit-" + Insured, RegionCode = Insured, AmountFen = DepositFen + 1, BankReference = "BANK-REF-1" }));
        Assert.Equal($"request_id 'deposit-{Insured}' was already used in region {Insured} for a different request", otherAmount.Status.Detail);
        // The bank reference is part of the request: the same id for another payment is another request.
        var otherReference = await Rpc.RefusedAsync(StatusCode.AlreadyExists, () => Clearing.DepositPrepaymentAsync(
            new DepositPrepaymentRequest { RequestId = "deposit-" + Insured, RegionCode = Insured, AmountFen = DepositFen, BankReference = "BANK-REF-2" }));
        Assert.Equal($"request_id 'deposit-{Insured}' was already used in region {Insured} for a different request", otherReference.Status.Detail);
        // The settlement's id is the care region's too: a deposit under it is another request.
        var settlementsId = await Rpc.RefusedAsync(StatusCode.AlreadyExists, () => Clearing.DepositPrepaymentAsync(
            new DepositPrepaymentRequest { RequestId = "clr-visit-1", RegionCode = Care, AmountFen = 100, BankReference = "BANK-REF-1" }));
        Assert.StartsWith($"request_id 'clr-visit-1' was already used in region {Care} for a different request", settlementsId.Status.Detail);

        // The same deposit again is a retry: it answers the balance it first left, although the close has drawn it since.
        var retry = await Clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "deposit-" + Insured, RegionCode = Insured, AmountFen = DepositFen, BankReference = "BANK-REF-1" });
        Assert.Equal(new PrepaymentBalance { RegionCode = Insured, BalanceFen = DepositFen }, retry);
        Assert.Equal(before, await fixture.Database.CountsAsync());
        Assert.Equal(0, (await Balance(Insured)).BalanceFen);
        Assert.Equal(0, (await Balance(Care)).BalanceFen);
    }

    [Fact]
    public async Task A_deposit_must_be_within_1_fen_and_10_to_the_12_fen()
    {
        var before = await fixture.Database.CountsAsync();
        foreach (var amount in new[] { 1_000_000_000_001L, -5L, long.MaxValue })
        {
            var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => Clearing.DepositPrepaymentAsync(
                new DepositPrepaymentRequest { RequestId = $"bound-{amount}", RegionCode = Fixture.Bounded, AmountFen = amount, BankReference = "BANK-REF-1" }), $"{amount} fen");
            Assert.Equal($"amount_fen must be within 1..1000000000000 fen, got {amount}", refused.Status.Detail);
        }
        Assert.Equal(before, await fixture.Database.CountsAsync());

        // The bound itself is accepted.
        var largest = await Clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "bound-max", RegionCode = Fixture.Bounded, AmountFen = 1_000_000_000_000, BankReference = "BANK-REF-1" });
        Assert.Equal(new PrepaymentBalance { RegionCode = Fixture.Bounded, BalanceFen = 1_000_000_000_000 }, largest);
        // The region's first deposit starts its prepayment account's stream, which the clearing stream records.
        Assert.Equal(before with { Events = before.Events + 2, RequestKeys = before.RequestKeys + 2, Streams = before.Streams + 1 }, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task ClosePeriod_refuses_its_request_id_reused_for_another_close_and_answers_the_same_close_again()
    {
        var open = await OpenPeriodAsync();
        var before = await fixture.Database.CountsAsync();

        foreach (var other in new[] { new ClosePeriodRequest { RequestId = "seed-close", Period = open }, new ClosePeriodRequest { RequestId = "seed-close", Period = fixture.Closed, Force = true } })
        {
            var refused = await Rpc.RefusedAsync(StatusCode.AlreadyExists, () => Clearing.ClosePeriodAsync(other), $"{other}");
            Assert.Equal($"request_id 'seed-close' was already used in region {ClearingAccount} for a different request", refused.Status.Detail);
        }
        Assert.Equal(before, await fixture.Database.CountsAsync());
        Assert.Equal(open, await OpenPeriodAsync());

        var again = await Clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "seed-close", Period = fixture.Closed });
        Assert.Equal(await Clearing.GetPeriodSummaryAsync(new GetPeriodSummaryRequest { Period = fixture.Closed }), again);
        Assert.Equal((PeriodState.Closed, FundPayFen), (again.State, again.GrossTotalFen));
        Assert.Equal(before, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task Two_closes_of_the_open_period_at_once_cut_it_off_and_net_it_once_and_both_answer_the_same_summary()
    {
        var open = await OpenPeriodAsync();
        var before = await fixture.Database.CountsAsync();
        var clearingBefore = await fixture.Database.StreamAsync("clearing");
        var keysBefore = await RequestKeyProbe.IdsAsync(fixture.ConnectionString, ClearingAccount);

        var answers = await Task.WhenAll(
            Clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "race-1", Period = open }).ResponseAsync,
            Clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "race-2", Period = open }).ResponseAsync);

        Assert.Equal(answers[0], answers[1]);
        // Nothing was settled in this period; 210102 still holds a prepayment account, so it gets a statement.
        Assert.Equal((PeriodState.Closed, 0L, 0L, 0, 0, 0L, PeriodAfter(open)),
            (answers[0].State, answers[0].GrossTotalFen, answers[0].NetTotalFen, answers[0].NettingEfficiencyBp, answers[0].RegionCount, answers[0].SettlementCount, answers[0].NextPeriod));
        Assert.Equal(PeriodAfter(open), await OpenPeriodAsync());
        var added = (await fixture.Database.StreamAsync("clearing")).Skip(clearingBefore.Count).Select(e => e.Type);
        Assert.Equal(["period_cut_off_v1", "period_closed_v1"], added);

        var statements = (await Clearing.ListStatementsAsync(new ListStatementsRequest { Period = open, PageSize = 100 })).Statements;
        Assert.Contains(statements, s => s.RegionCode == Insured);
        Assert.DoesNotContain(statements, s => s.RegionCode == Care);
        // Two keys: the request that cut off (the other found the period closed) and the netting's own.
        // Each statement is a stream of its own; the period closes and the next one opens.
        Assert.Equal(
            before with
            {
                Events = before.Events + 2 + statements.Count, RequestKeys = before.RequestKeys + 2, Streams = before.Streams + statements.Count,
                Periods = before.Periods.Replace($"{open}:open", $"{open}:closed,{PeriodAfter(open)}:open"),
            },
            await fixture.Database.CountsAsync());
        var keysAdded = (await RequestKeyProbe.IdsAsync(fixture.ConnectionString, ClearingAccount)).Except(keysBefore).ToList();
        Assert.Contains("netting:" + open, keysAdded);
        Assert.Single(keysAdded, k => k is "race-1" or "race-2");

        // 210102's average net payable over the two closed periods is (65,000 + 0) / 2: 70% of it is 22,750.
        var insured = statements.Single(s => s.RegionCode == Insured);
        Assert.Equal((0L, 0L, 0L), (insured.NetFen, insured.PrepaymentDrawnFen, insured.PrepaymentBalanceFen));
        Assert.Equal(new TopUpNotice { BalanceFen = 0, ThresholdFen = 22_750, ShortfallFen = 22_750, PeriodCount = 2 }, insured.TopUpNotice);
    }

    [Fact]
    public async Task ConfirmStatement_refuses_a_period_never_open_or_still_open_a_region_without_statement_and_a_reused_request_id()
    {
        var open = await OpenPeriodAsync();
        var before = await fixture.Database.CountsAsync();

        var never = await Rpc.RefusedAsync(StatusCode.NotFound, () => Confirm("confirm-never", NeverOpen, Care));
        Assert.Equal($"period {NeverOpen} was never open", never.Status.Detail);
        var idle = await Rpc.RefusedAsync(StatusCode.NotFound, () => Confirm("confirm-idle", fixture.Closed, Idle));
        Assert.Equal($"region {Idle} has no statement for period {fixture.Closed}: it had no settlement, reversal or prepayment", idle.Status.Detail);
        var stillOpen = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => Confirm("confirm-open", open, Care));
        Assert.Equal($"period {open} is open: statements and transfers are issued when it is closed", stillOpen.Status.Detail);
        // The deposit's request id, scoped to the same region, on a statement not yet confirmed.
        var reused = await Rpc.RefusedAsync(StatusCode.AlreadyExists, () => Confirm("deposit-" + HolderCode(1), fixture.Closed, HolderCode(1)));
        Assert.StartsWith($"request_id 'deposit-{HolderCode(1)}' was already used in region {HolderCode(1)} for a different request", reused.Status.Detail);
        Assert.Equal(before, await fixture.Database.CountsAsync());
        Assert.False((await Clearing.GetStatementAsync(new GetStatementRequest { Period = fixture.Closed, RegionCode = HolderCode(1) })).Confirmed);
    }

    [Fact]
    public async Task Confirming_a_statement_again_under_a_new_request_id_returns_it_unchanged_and_writes_nothing()
    {
        var holder = HolderCode(2);
        var before = await fixture.Database.CountsAsync();
        var confirmed = await Confirm("confirm-" + holder, fixture.Closed, holder);
        Assert.Equal((true, 0L, 2_000L, fixture.Closed, holder), (confirmed.Confirmed, confirmed.NetFen, confirmed.PrepaymentBalanceFen, confirmed.Period, confirmed.RegionCode));
        Assert.NotEqual("", confirmed.ConfirmedAt);
        var afterConfirm = await fixture.Database.CountsAsync();
        Assert.Equal(before with { Events = before.Events + 1, RequestKeys = before.RequestKeys + 1 }, afterConfirm);

        Assert.Equal(confirmed, await Confirm("confirm-again-" + holder, fixture.Closed, holder));
        Assert.Equal(confirmed, await Confirm("confirm-" + holder, fixture.Closed, holder));
        // Confirming again writes nothing, yet a request id that already belongs to another request is refused
        // as it is before the confirmation.
        var reused = await Rpc.RefusedAsync(StatusCode.AlreadyExists, () => Confirm("deposit-" + holder, fixture.Closed, holder));
        Assert.StartsWith($"request_id 'deposit-{holder}' was already used in region {holder} for a different request", reused.Status.Detail);
        Assert.Equal(confirmed, await Clearing.GetStatementAsync(new GetStatementRequest { Period = fixture.Closed, RegionCode = holder }));
        Assert.Equal(afterConfirm, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task GetStatement_and_ListTransfers_answer_NOT_FOUND_for_a_region_without_statement_or_a_period_never_open()
    {
        var before = await fixture.Database.CountsAsync();

        var idle = await Rpc.RefusedAsync(StatusCode.NotFound, () => Clearing.GetStatementAsync(new GetStatementRequest { Period = fixture.Closed, RegionCode = Idle }));
        Assert.Equal($"region {Idle} has no statement for period {fixture.Closed}: it had no settlement, reversal or prepayment", idle.Status.Detail);
        var unknown = await Rpc.RefusedAsync(StatusCode.NotFound, () => Clearing.GetStatementAsync(new GetStatementRequest { Period = fixture.Closed, RegionCode = Nowhere }));
        Assert.Equal($"region {Nowhere} has no statement for period {fixture.Closed}: it had no settlement, reversal or prepayment", unknown.Status.Detail);
        foreach (var period in new[] { NeverOpen, "2099-01" })
        {
            var transfers = await Rpc.RefusedAsync(StatusCode.NotFound, () => Clearing.ListTransfersAsync(new ListTransfersRequest { Period = period }), period);
            Assert.Equal($"period {period} was never open", transfers.Status.Detail);
        }
        Assert.Equal(before, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task ListStatements_refuses_the_open_period_and_page_sizes_outside_1_to_100_and_pages_by_20_by_default()
    {
        var open = await OpenPeriodAsync();
        var before = await fixture.Database.CountsAsync();
        var stillOpen = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => Clearing.ListStatementsAsync(new ListStatementsRequest { Period = open }));
        Assert.Equal($"period {open} is open: statements and transfers are issued when it is closed", stillOpen.Status.Detail);
        foreach (var size in new[] { 101, -1, 1_000 })
        {
            var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => Clearing.ListStatementsAsync(new ListStatementsRequest { Period = fixture.Closed, PageSize = size }), $"page size {size}");
            Assert.Equal($"page_size must be within 0..100, got {size}", refused.Status.Detail);
        }
        Assert.Equal(before, await fixture.Database.CountsAsync());

        // 23 statements in region-code order: 210102, 220102, then the 21 depositors 240001..240021.
        string[] expected = [Insured, Care, .. Enumerable.Range(1, Fixture.Holders).Select(HolderCode)];
        var first = await Clearing.ListStatementsAsync(new ListStatementsRequest { Period = fixture.Closed });
        Assert.Equal(expected.Take(20), first.Statements.Select(s => s.RegionCode));
        Assert.NotEqual("", first.NextPageToken);
        var rest = await Clearing.ListStatementsAsync(new ListStatementsRequest { Period = fixture.Closed, PageToken = first.NextPageToken });
        Assert.Equal(expected.Skip(20), rest.Statements.Select(s => s.RegionCode));
        Assert.Equal("", rest.NextPageToken);
        var whole = await Clearing.ListStatementsAsync(new ListStatementsRequest { Period = fixture.Closed, PageSize = 100 });
        Assert.Equal(expected, whole.Statements.Select(s => s.RegionCode));
        Assert.Equal("", whole.NextPageToken);
        Assert.All(whole.Statements.Skip(2), s => Assert.Equal((0L, 1_000L * int.Parse(s.RegionCode[2..], System.Globalization.CultureInfo.InvariantCulture)), (s.NetFen, s.PrepaymentBalanceFen)));
    }

    [Fact]
    public async Task GetPeriodSummary_of_the_open_period_says_open_with_no_figures_and_of_a_period_never_open_NOT_FOUND()
    {
        var open = await OpenPeriodAsync();
        Assert.Equal(new PeriodSummary { Period = open, State = PeriodState.Open }, await Clearing.GetPeriodSummaryAsync(new GetPeriodSummaryRequest { Period = open }));
        var never = await Rpc.RefusedAsync(StatusCode.NotFound, () => Clearing.GetPeriodSummaryAsync(new GetPeriodSummaryRequest { Period = NeverOpen }));
        Assert.Equal($"period {NeverOpen} was never open", never.Status.Detail);
    }

    [Fact]
    public async Task WatchPeriods_refuses_a_malformed_region_or_since_period()
    {
        var cases = new[]
        {
            (new WatchPeriodsRequest { RegionCode = "2201" }, "region_code must be a 6-digit region code other than 000000, got '2201'"),
            (new WatchPeriodsRequest { RegionCode = ClearingAccount }, "region_code must be a 6-digit region code other than 000000, got '000000'"),
            (new WatchPeriodsRequest { SincePeriod = "2026-13" }, "since_period must be a period YYYY-MM, got '2026-13'"),
            (new WatchPeriodsRequest { RegionCode = Care, SincePeriod = "202601" }, "since_period must be a period YYYY-MM, got '202601'"),
        };
        foreach (var (request, message) in cases)
        {
            var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, async () =>
            {
                using var watch = Clearing.WatchPeriods(request, deadline: DateTime.UtcNow.AddSeconds(30));
                await watch.ResponseStream.MoveNext();
            }, $"{request}");
            Assert.Equal(message, refused.Status.Detail);
        }
    }

    private async Task<PrepaymentBalance> Balance(string region) =>
        await Clearing.GetPrepaymentBalanceAsync(new GetPrepaymentBalanceRequest { RegionCode = region });

    private async Task<Statement> Confirm(string requestId, string period, string region) =>
        await Clearing.ConfirmStatementAsync(new ConfirmStatementRequest { RequestId = requestId, Period = period, RegionCode = region });

    private async Task<string> OpenPeriodAsync() => (await Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;

    private static string PeriodAfter(string period) => ChinaClock.Period(ChinaClock.Parse(period + "-01").AddMonths(1));

    private static string HolderCode(int i) => $"24{i:D4}";

    public sealed class Fixture : ClearinghouseFixture
    {
        /// <summary>Regions that only deposit (i × 1,000 fen): with 210102 and 220102, 23 statements.</summary>
        public const int Holders = 21;

        /// <summary>A region left for the deposit-bound fact alone.</summary>
        public const string Bounded = "250001";

        /// <summary>The period the seed closed.</summary>
        public string Closed { get; private set; } = "";

        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "clr");
            var today = ChinaClock.Today;
            await scenario.RegionAsync(Insured, "Shenyang Heping");
            await scenario.RegionAsync(Care, "Changchun Nanguan");
            await scenario.RegionAsync(Idle, "Harbin Nangang");
            await scenario.RegionAsync(Bounded, "Fuzhou Gulou");
            await scenario.PolicyAsync(Insured, new DateOnly(today.Year - 1, 1, 1), Policies.Standard());
            await scenario.HospitalAsync("CLR-H1", Care, 1);
            await scenario.PersonAsync("clr-p1", Insured, Scheme.Resident, PersonCategory.Active);
            await Deposit(Insured, DepositFen);
            for (var i = 1; i <= Holders; i++)
            {
                await scenario.RegionAsync(HolderCode(i), $"Depositor {i}");
                await Deposit(HolderCode(i), 1_000L * i);
            }

            var visit = new SettleRequest
            {
                RequestId = "clr-visit-1", CareRegionCode = Care, HospitalCode = "CLR-H1", PersonId = "clr-p1",
                VisitType = VisitType.Inpatient, ServiceDate = ChinaClock.Format(today), Visit = Stays.Ending(today),
            };
            visit.Items.Add(new LineItem { Code = "A-1", Name = "ward", Category = ItemCategory.A, Quantity = 1, AmountFen = 120_000 });
            var settled = await scenario.SettleAsync(visit);
            scenario.AssertNoMismatches();
            Assert.Equal((20_000L, 6_500, FundPayFen, 0L, 55_000L), (settled.DeductibleFen, settled.RatioBp, settled.FundPayFen, settled.AccountPayFen, settled.CashPayFen));

            Closed = settled.Period;
            var summary = await Clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "seed-close", Period = Closed });
            Assert.Equal(PeriodState.Closed, summary.State);
        }

        private async Task Deposit(string region, long amountFen)
        {
            var balance = await Clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "deposit-" + region, RegionCode = region, AmountFen = amountFen, BankReference = "BANK-REF-1" });
            Assert.Equal(amountFen, balance.BalanceFen);
        }
    }
}
