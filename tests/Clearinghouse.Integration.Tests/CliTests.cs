using System.Globalization;
using Clearinghouse.Cli;
using Clearinghouse.Cli.Tests;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// The officer command line (src/Clearinghouse.Cli) run in-process against the real host: a deposit, a
/// close of the open period, the printed summary and statement against figures computed here from the
/// Settle and Reverse answers, the CSV export read back with an independent RFC 4180 reader, a repeated
/// close, a confirmation, a watch; and the exit codes of refusals.
/// </summary>
public sealed class CliTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    private const string Shenyang = "210102";
    private const string Changchun = "220102";
    private const string Harbin = "230102";
    private const string ClearingAccount = "000000";
    private static readonly string[] Regions = [Shenyang, Changchun, Harbin];

    private ClearingService.ClearingServiceClient Clearing => new(fixture.Host.Channel);

    private Task<CliRun> Cli(params string[] args) => CliRun.RunAsync(fixture.Host.Address, args);

    [Fact]
    public async Task Deposit_close_export_and_close_again_through_the_command_line()
    {
        var scenario = new Scenario(fixture, "cli");
        var (settlements, reversals) = await SettleAMonthAsync(scenario);
        scenario.AssertNoMismatches();
        var open = (await Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        Assert.All(settlements, s => Assert.Equal(open, s.Period));
        var expected = Expected.From(settlements, reversals);
        Assert.True(expected.GrossFen > 0, "the scripted visits owe something");

        // The open period, as the command line prints it.
        var period = (await Cli("period")).Ok("period").Fields("period");
        Assert.Equal((open, "open"), (period["period"], period["state"]));

        // Deposits: half of the biggest debtor's payable (so the close draws it all and leaves an amount due),
        // and a little for a creditor (drawn from nothing). A re-run with the same request id is a retry.
        var debtor = expected.Net.MinBy(n => n.Value).Key;
        var creditor = expected.Net.MaxBy(n => n.Value).Key;
        var deposit = -expected.Net[debtor] / 2;
        Assert.True(deposit > 0, $"region {debtor} is a net debtor of {expected.Net[debtor]} fen");
        foreach (var attempt in new[] { "first", "retry" })
        {
            var balance = (await Cli("deposit", debtor, deposit.ToString(CultureInfo.InvariantCulture), "--request-id", "dep-1", "--bank-reference", "CNAPS-2026-0001")).Ok($"deposit ({attempt})").Fields("prepayment");
            Assert.Equal((debtor, Figures.Yuan(deposit)), (balance["region"], balance["balance_yuan"]));
        }
        Assert.Equal(Figures.Yuan(12_345), (await Cli("deposit", creditor, "12345", "--request-id", "dep-1", "--bank-reference", "CNAPS-2026-0002")).Ok("deposit").Fields("prepayment")["balance_yuan"]);

        // The audit trail names who deposited: the two deposits (the retry wrote nothing), newest first.
        var deposits = (await Cli("audit", "--actor", TestCallers.Officer.ToString(), "--kind", "prepayment_deposited")).Ok("audit").Table("actions");
        Assert.Equal([(creditor, "dep-1"), (debtor, "dep-1")], deposits.Select(a => (a["regions"], a["request_id"])));
        Assert.All(deposits, a => Assert.Equal((TestCallers.Officer.ToString(), "prepayment_deposited"), (a["actor"], a["kind"])));
        Assert.Single((await Cli("audit", "--kind", "prepayment_deposited", "--limit", "1")).Ok("audit --limit 1").Table("actions"));

        // The debtor's position so far: its net, and what a close now would draw from the deposit and leave due.
        var position = (await Cli("position", debtor)).Ok("position").Fields("position");
        Assert.Equal((open, Figures.Yuan(expected.Net[debtor]), Figures.Yuan(deposit), Figures.Yuan(deposit), Figures.Yuan(-expected.Net[debtor] - deposit)),
            (position["period"], position["net_yuan"], position["prepayment_balance_yuan"], position["prospective_prepayment_drawn_yuan"], position["prospective_amount_due_yuan"]));

        // Close, and the summary it prints.
        var close = await Cli("close", open);
        var summary = close.Ok("close").Fields("summary");
        var next = DateOnly.ParseExact(open + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Assert.Equal(open, summary["period"]);
        Assert.Equal("closed", summary["state"]);
        Assert.Equal(Figures.Yuan(expected.GrossFen), summary["gross_yuan"]);
        Assert.Equal(Figures.Yuan(expected.NetTotalFen), summary["net_yuan"]);
        Assert.Equal(Figures.Percent(expected.EfficiencyBp), summary["netting_efficiency"]);
        Assert.Equal(("3", settlements.Count.ToString(CultureInfo.InvariantCulture), reversals.Count.ToString(CultureInfo.InvariantCulture)),
            (summary["region_count"], summary["settlement_count"], summary["reversal_count"]));
        Assert.Equal((next, "no", "0"), (summary["next_period"], summary["forced"], summary["open_discrepancy_count"]));
        Assert.False(string.IsNullOrEmpty(summary["cut_off_at"]));
        var wire = await Clearing.GetPeriodSummaryAsync(new GetPeriodSummaryRequest { Period = open });
        Assert.Equal((expected.GrossFen, expected.NetTotalFen, expected.EfficiencyBp), (wire.GrossTotalFen, wire.NetTotalFen, wire.NettingEfficiencyBp));

        // Closing again (same default request id) and the summary command print the very same text.
        var again = await Cli("close", open);
        Assert.True(again.ExitCode == 0 && again.Out == close.Out, $"a second close printed something else:\n{again}\nfirst:\n{close}");
        Assert.Equal(close.Out, (await Cli("summary", open)).Out);
        var reopened = (await Cli("period")).Ok("period after the close").Fields("period");
        Assert.Equal((next, "open"), (reopened["period"], reopened["state"]));

        await CheckStatementAsync(open, debtor, expected, deposit);
        var confirmed = (await Cli("confirm", open, debtor)).Ok("confirm").Fields("statement");
        Assert.Equal("yes", confirmed["confirmed"]);
        Assert.Equal(confirmed["confirmed_at"], (await Cli("confirm", open, debtor)).Ok("confirm again").Fields("statement")["confirmed_at"]);

        var transfers = (await Cli("transfers", open)).Ok("transfers").Table("transfers");
        Assert.Equal((await Clearing.ListTransfersAsync(new ListTransfersRequest { Period = open })).Transfers.Count, transfers.Count);
        Assert.Contains(transfers, t => t["from"] == debtor && t["kind"] == "prepayment_draw" && t["amount_yuan"] == Figures.Yuan(deposit));

        var balances = Regions.ToDictionary(r => r, r => r == creditor ? 12_345L : 0L);
        var topUps = TopUps([expected.Net], balances);
        await CheckExportAsync(open, expected, debtor, topUps);
        await CheckWatchAsync(open, next, debtor, expected);
        await ExecuteTransfersAndReadTheAccountsAsync(open, debtor, deposit);

        await ReverseAcrossTheCloseAndForceTheNextCloseAsync(settlements, next, [expected.Net], balances);
        await WithdrawAsync(Harbin);
    }

    /// <summary>
    /// The bank executes the period's amounts due, then its payouts: `execute` marks each (a re-run is a retry that
    /// prints the same), after which the clearing account holds nothing and `entries` lists what moved it.
    /// </summary>
    private async Task ExecuteTransfersAndReadTheAccountsAsync(string period, string debtor, long deposit)
    {
        var transfers = (await Clearing.ListTransfersAsync(new ListTransfersRequest { Period = period })).Transfers;
        var executedAt = Clearinghouse.Api.WireMapping.Instant(fixture.HostClock.GetUtcNow());
        var pending = transfers.Where(t => t.Kind == TransferKind.AmountDue).Concat(transfers.Where(t => t.Kind == TransferKind.Payout)).ToList();
        foreach (var transfer in pending)
        {
            var reference = "BANK-" + transfer.TransferId.Replace('/', '-');
            var run = await Cli("execute", transfer.TransferId, "--bank-reference", reference, "--executed-at", executedAt);
            var printed = Assert.Single(run.Ok("execute").Table("transfers"));
            Assert.Equal((transfer.TransferId, "executed", reference, executedAt), (printed["transfer_id"], printed["status"], printed["bank_reference"], printed["executed_at"]));
            Assert.Equal(run.Out, (await Cli("execute", transfer.TransferId, "--bank-reference", reference, "--executed-at", executedAt)).Out);
        }
        var twice = await Cli("execute", pending[0].TransferId, "--bank-reference", "OTHER", "--executed-at", executedAt, "--request-id", "execute-again");
        Assert.True(twice.ExitCode == ExitCodes.FailedPrecondition, $"a transfer executed twice: {twice}");
        Assert.All((await Cli("transfers", period)).Ok("transfers").Table("transfers"), t => Assert.Equal("executed", t["status"]));

        var clearing = (await Cli("account", "clearing:000000")).Ok("account").Fields("account");
        Assert.Equal(("clearing:000000", Figures.Yuan(0)), (clearing["account_id"], clearing["balance_yuan"]));
        var clearingEntries = (await Cli("entries", "clearing:000000")).Ok("entries").Table("entries");
        Assert.Equal(clearing["entry_count"], clearingEntries.Count.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(pending.Select(t => t.TransferId), clearingEntries.Where(e => e["cause"] == "transfer").Select(e => e["cause_id"]));

        var debtorEntries = (await Cli("entries", "prepayment:" + debtor)).Ok("entries").Table("entries");
        Assert.Equal(
            [("deposit", "dep-1", Figures.Yuan(deposit), "CNAPS-2026-0001"), ("close", period, Figures.Yuan(-deposit), "")],
            debtorEntries.Select(e => (e["cause"], e["cause_id"], e["amount_yuan"], e["bank_reference"])));
        var malformed = await Cli("entries", "prepayment:1");
        Assert.True(malformed.ExitCode == ExitCodes.InvalidArguments, $"a malformed account id: {malformed}");
    }

    /// <summary>A deposit and a refund of part of it: `withdraw` prints the balance left; more than the balance is refused.</summary>
    private async Task WithdrawAsync(string region)
    {
        var before = (await Clearing.GetPrepaymentBalanceAsync(new GetPrepaymentBalanceRequest { RegionCode = region })).BalanceFen;
        (await Cli("deposit", region, "1000", "--request-id", "dep-end", "--bank-reference", "CNAPS-2026-0009")).Ok("deposit");
        var balance = (await Cli("withdraw", region, "400", "--request-id", "wd-1", "--bank-reference", "CNAPS-2026-R1", "--reason", "refund")).Ok("withdraw").Fields("prepayment");
        Assert.Equal(Figures.Yuan(before + 600), balance["balance_yuan"]);
        var tooMuch = await Cli("withdraw", region, (before + 601).ToString(CultureInfo.InvariantCulture), "--request-id", "wd-2", "--bank-reference", "CNAPS-2026-R2", "--reason", "refund");
        Assert.True(tooMuch.ExitCode == ExitCodes.FailedPrecondition, $"a withdrawal above the balance: {tooMuch}");
    }

    /// <summary>
    /// The second period: a settlement of the closed period reversed now (so that pair owes the other way
    /// round), one new settlement, and a close with --force; a plain close afterwards (another request id)
    /// prints the same summary, and the export of the second period adds up as the first did.
    /// </summary>
    private async Task ReverseAcrossTheCloseAndForceTheNextCloseAsync(
        List<Settlement> earlier, string period, List<Dictionary<string, long>> netsBefore, Dictionary<string, long> balances)
    {
        var reversal = await fixture.Settlements.ReverseAsync(new ReverseRequest
        {
            RequestId = "cli-p2-reversal-1", SettlementId = earlier[0].SettlementId, CareRegionCode = earlier[0].CareRegionCode, Reason = "billed twice",
        });
        Assert.True(reversal.Period == period, $"a reversal after the close belongs to the next period {period}, got {reversal.Period}");
        var visit = new Visits(20_261_129).Next("cli-p2-visit-1", $"cli-{Harbin}-1", Shenyang, "CLI-H-" + Shenyang, ChinaClock.Today, VisitType.Inpatient, maxItems: 6);
        var settled = await fixture.Settlements.SettleAsync(visit);
        Assert.True(settled.Period == period, $"a settlement after the close belongs to the next period {period}, got {settled.Period}");
        var expected = Expected.From([settled], [reversal], [.. earlier, settled]);
        var insuredOfReversed = earlier[0].InsuredRegionCode;
        Assert.True(expected.Pairs[(earlier[0].InsuredRegionCode, earlier[0].CareRegionCode)] < 0, "the reversed pair owes the other way round");

        // A watch started before the close is told of it as it happens.
        await using var watch = Watch.Start(fixture.Host.Address, "--region", insuredOfReversed);
        Assert.Equal($"{period}\topen\t\tno\t0.00", (await watch.LinesAsync(2))[1]);

        var forced = await Cli("close", period, "--force");
        var summary = forced.Ok("forced close").Fields("summary");
        Assert.Equal((period, "closed", "yes"), (summary["period"], summary["state"], summary["forced"]));
        Assert.Equal((Figures.Yuan(expected.GrossFen), Figures.Yuan(expected.NetTotalFen), Figures.Percent(expected.EfficiencyBp)),
            (summary["gross_yuan"], summary["net_yuan"], summary["netting_efficiency"]));
        Assert.Equal(("3", "1", "1"), (summary["region_count"], summary["settlement_count"], summary["reversal_count"]));
        var next = DateOnly.ParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Assert.Equal($"{period}\tclosed\t{next}\tyes\t{Figures.Yuan(expected.Net[insuredOfReversed])}", (await watch.LinesAsync(3))[2]);
        await watch.StopAsync();
        var plain = await Cli("close", period);
        Assert.True(plain.ExitCode == 0 && plain.Out == forced.Out, $"a plain close of the force-closed period printed something else:\n{plain}\nforced:\n{forced}");

        // The region that settled the reversed visit now pays back what the insured region had paid it.
        var (insured, care) = (earlier[0].InsuredRegionCode, earlier[0].CareRegionCode);
        var lines = (await Cli("statement", period, insured)).Ok("statement").Table("lines");
        var line = Assert.Single(lines, l => l["counterparty"] == care);
        Assert.Equal((Figures.Yuan(reversal.FundPayFen + reversal.AccountPayFen), "0.00"), (line["receivable_yuan"], line["payable_yuan"]));

        await CheckExportAsync(period, expected, debtor: null, TopUps([.. netsBefore, expected.Net], balances));
    }

    [Fact]
    public async Task Refusals_exit_with_the_code_of_their_class_and_a_message_on_stderr()
    {
        var statement = await Cli("statement", "2001-01", Shenyang);
        Assert.True(statement.ExitCode == ExitCodes.NotFound, $"statement of a period never opened: {statement}");
        Assert.StartsWith("error: NotFound: ", statement.Error, StringComparison.Ordinal);
        Assert.Contains("2001-01", statement.Error, StringComparison.Ordinal);
        Assert.Equal("", statement.Out);

        var summary = await Cli("summary", "2001-01");
        Assert.True(summary.ExitCode == ExitCodes.NotFound, $"summary of a period never opened: {summary}");

        var close = await Cli("close", "2001-01");
        Assert.True(close.ExitCode == ExitCodes.FailedPrecondition, $"close of a period never opened: {close}");
        Assert.StartsWith("error: FailedPrecondition: ", close.Error, StringComparison.Ordinal);

        var open = (await Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        var transfers = await Cli("transfers", open);
        Assert.True(transfers.ExitCode == ExitCodes.FailedPrecondition, $"transfers of the open period: {transfers}");

        var deposit = await Cli("deposit", "990101", "100", "--request-id", "nobody-1", "--bank-reference", "CNAPS-2026-0003");
        Assert.True(deposit.ExitCode == ExitCodes.NotFound, $"deposit for a region that does not exist: {deposit}");
        Assert.Equal("", deposit.Out);

        // A reference the server refuses (a space inside): its message reaches the officer as it is.
        var spaced = await Cli("deposit", "990101", "100", "--request-id", "nobody-2", "--bank-reference", "CNAPS 2026");
        Assert.True(spaced.ExitCode == ExitCodes.InvalidArguments, $"deposit with a spaced bank reference: {spaced}");
        Assert.StartsWith("error: InvalidArgument: bank_reference must be printable ASCII characters '!' through '~' (no spaces), got U+0020 at position 6", spaced.Error, StringComparison.Ordinal);
        Assert.Equal("", spaced.Out);
    }

    private async Task CheckStatementAsync(string period, string debtor, Expected expected, long deposit)
    {
        var run = (await Cli("statement", period, debtor)).Ok("statement");
        var fields = run.Fields("statement");
        var lines = run.Table("lines");
        Assert.Equal(expected.LinesOf(debtor).Count + 1, lines.Count);
        Assert.Equal("total", lines[^1]["counterparty"]);
        foreach (var (counterparty, receivable, payable) in expected.LinesOf(debtor))
        {
            var line = Assert.Single(lines, l => l["counterparty"] == counterparty);
            Assert.Equal((Figures.Yuan(receivable), Figures.Yuan(payable)), (line["receivable_yuan"], line["payable_yuan"]));
        }
        var net = expected.Net[debtor];
        Assert.Equal(Figures.Yuan(net), fields["net_yuan"]);
        Assert.Equal("pays " + Figures.Yuan(-net), fields["net"]);
        Assert.Equal(Figures.Yuan(deposit), fields["prepayment_drawn_yuan"]);
        Assert.Equal(Figures.Yuan(-net - deposit), fields["amount_due_yuan"]);
        Assert.Equal(Figures.Yuan(0), fields["prepayment_balance_yuan"]);
        Assert.Equal("no", fields["confirmed"]);
        // Its balance is 0 after the draw, below 70% of its one period's net payable: ceil(0.7 × payable).
        Assert.Equal(Figures.Yuan((-net * 7 + 9) / 10), fields["top_up_shortfall_yuan"]);
    }

    private async Task CheckExportAsync(string period, Expected expected, string? debtor, Dictionary<string, long?> topUpShortfalls)
    {
        var directory = Directory.CreateTempSubdirectory("clearinghouse-cli-");
        try
        {
            var files = (await Cli("export", period, "--out", directory.FullName)).Ok("export").Table("files");
            var statementsPath = Path.Combine(directory.FullName, $"statements-{period}.csv");
            var transfersPath = Path.Combine(directory.FullName, $"transfers-{period}.csv");
            Assert.Equal([("statements", statementsPath), ("transfers", transfersPath)], files.Select(f => (f["file"], f["path"])));

            var statements = Read(statementsPath);
            Assert.Equal(
                ["period", "region_code", "row_type", "counterparty_region_code", "receivable_fen", "receivable_yuan", "payable_fen", "payable_yuan",
                 "settlement_count", "reversal_count", "net_fen", "net_yuan", "prepayment_drawn_fen", "prepayment_drawn_yuan", "amount_due_fen",
                 "amount_due_yuan", "prepayment_balance_fen", "prepayment_balance_yuan", "confirmed", "confirmed_at", "top_up_shortfall_fen",
                 "top_up_shortfall_yuan", "open_discrepancy_count",
                 "serious_illness_advanced_fen", "assistance_advanced_fen", "serious_illness_owed_fen", "assistance_owed_fen"],
                statements.Header);
            Assert.Equal(files[0]["rows"], statements.Rows.Count.ToString(CultureInfo.InvariantCulture));
            var lines = statements.Rows.Where(r => r["row_type"] == "line").ToList();
            var regions = statements.Rows.Where(r => r["row_type"] == "region").ToList();
            Assert.Equal(statements.Rows.Count, lines.Count + regions.Count);

            // One line row per statement line, one region row per statement: as the API lists them.
            var listed = await ListAllStatementsAsync(period);
            Assert.Equal(listed.Sum(s => s.Lines.Count), lines.Count);
            Assert.Equal(listed.Select(s => s.RegionCode), regions.Select(r => r["region_code"]));
            Assert.Equal(Regions.Sum(r => expected.LinesOf(r).Count), lines.Count);
            Assert.All(statements.Rows, r => Assert.Equal(period, r["period"]));
            foreach (var row in statements.Rows)
            {
                foreach (var amount in new[] { "receivable", "payable", "net", "prepayment_drawn", "amount_due", "prepayment_balance", "top_up_shortfall" })
                {
                    Assert.Equal(YuanOf(row[amount + "_fen"]), row[amount + "_yuan"]);
                }
            }

            // Every receivable is another region's payable.
            Assert.Equal(lines.Sum(r => Fen(r, "receivable_fen")), lines.Sum(r => Fen(r, "payable_fen")));
            Assert.Equal(expected.GrossFen, lines.Sum(r => Fen(r, "receivable_fen")));
            foreach (var region in regions)
            {
                var code = region["region_code"];
                var own = lines.Where(l => l["region_code"] == code).ToList();
                Assert.Equal(own.Sum(l => Fen(l, "receivable_fen")), Fen(region, "receivable_fen"));
                Assert.Equal(own.Sum(l => Fen(l, "payable_fen")), Fen(region, "payable_fen"));
                Assert.Equal(Fen(region, "receivable_fen") - Fen(region, "payable_fen"), Fen(region, "net_fen"));
                Assert.Equal(expected.Net[code], Fen(region, "net_fen"));
                Assert.Equal(Math.Max(0, -Fen(region, "net_fen")), Fen(region, "prepayment_drawn_fen") + Fen(region, "amount_due_fen"));
                Assert.Equal(code == debtor ? "true" : "false", region["confirmed"]);
                var shortfall = topUpShortfalls[code] is { } fen ? fen.ToString(CultureInfo.InvariantCulture) : "";
                Assert.True(shortfall == region["top_up_shortfall_fen"],
                    $"region {code} in {period}: top-up shortfall expected '{shortfall}', exported '{region["top_up_shortfall_fen"]}'");
            }
            Assert.Equal(0, regions.Sum(r => Fen(r, "net_fen")));

            var transfers = Read(transfersPath);
            Assert.Equal(["period", "from_region_code", "to_region_code", "kind", "amount_fen", "amount_yuan"], transfers.Header);
            Assert.Equal(files[1]["rows"], transfers.Rows.Count.ToString(CultureInfo.InvariantCulture));
            Assert.Equal((await Clearing.ListTransfersAsync(new ListTransfersRequest { Period = period })).Transfers.Count, transfers.Rows.Count);
            Assert.All(transfers.Rows, t => Assert.True((t["from_region_code"] == ClearingAccount) != (t["to_region_code"] == ClearingAccount), $"{string.Join(",", t.Values)}"));
            Assert.All(transfers.Rows, t => Assert.Equal(YuanOf(t["amount_fen"]), t["amount_yuan"]));
            var intoClearing = transfers.Rows.Where(t => t["to_region_code"] == ClearingAccount).Sum(t => Fen(t, "amount_fen"));
            var outOfClearing = transfers.Rows.Where(t => t["from_region_code"] == ClearingAccount).Sum(t => Fen(t, "amount_fen"));
            Assert.Equal(intoClearing, outOfClearing);
            Assert.Equal(expected.NetTotalFen, outOfClearing);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task CheckWatchAsync(string period, string next, string debtor, Expected expected)
    {
        var before = DateOnly.ParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await using var watch = Watch.Start(fixture.Host.Address, "--since", before, "--region", debtor);
        Assert.Equal(
            ["period\tstate\tnext_period\tstatement_ready\tnet_yuan",
             $"{period}\tclosed\t{next}\tyes\t{Figures.Yuan(expected.Net[debtor])}",
             $"{next}\topen\t\tno\t0.00"],
            await watch.LinesAsync(3));
        await watch.StopAsync();
    }

    /// <summary>`clearinghouse watch` running in the background until stopped, as Ctrl-C stops it.</summary>
    private sealed class Watch : IAsyncDisposable
    {
        private readonly LockedWriter _output = new();
        private readonly LockedWriter _error = new();
        private readonly CancellationTokenSource _stop = new();
        private Task<int> _run = Task.FromResult(0);

        public static Watch Start(Uri address, params string[] args)
        {
            var watch = new Watch();
            watch._run = CliApp.RunAsync(["watch", .. args, "--address", address.ToString(), .. CliRun.CertificateOptions()], watch._output, watch._error, cancellationToken: watch._stop.Token);
            return watch;
        }

        /// <summary>Waits (up to 30 s) until at least <paramref name="count"/> lines are printed; returns every line so far.</summary>
        public async Task<List<string>> LinesAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var gaveUp = Task.Delay(Timeout.Infinite, timeout.Token);
            while (true)
            {
                // Taken before the lines are read: a line printed in between completes it.
                var written = _output.NextWrite;
                if (Lines().Count >= count || _run.IsCompleted || gaveUp.IsCompleted)
                {
                    break;
                }
                await Task.WhenAny(written, _run, gaveUp);
            }
            var lines = Lines();
            Assert.True(lines.Count >= count, $"watch printed {lines.Count} of {count} lines:\n{_output}\nstderr: {_error}");
            return lines;
        }

        /// <summary>Ctrl-C: the watch ends with exit 0.</summary>
        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            var code = await _run.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(code == 0, $"watch ended with exit {code}: {_error}");
        }

        private List<string> Lines() => [.. _output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)];

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _run.WaitAsync(TimeSpan.FromSeconds(30));
            }
            finally
            {
                _stop.Dispose();
            }
        }
    }

    private async Task<List<Statement>> ListAllStatementsAsync(string period)
    {
        var all = new List<Statement>();
        var token = "";
        for (var page = 0; page < 100; page++)
        {
            var response = await Clearing.ListStatementsAsync(new ListStatementsRequest { Period = period, PageSize = 2, PageToken = token });
            all.AddRange(response.Statements);
            if (response.NextPageToken.Length == 0)
            {
                return all;
            }
            token = response.NextPageToken;
        }
        throw new InvalidOperationException("ListStatements did not end");
    }

    private static (IReadOnlyList<string> Header, List<Dictionary<string, string>> Rows) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, $"{path} starts with a byte order mark");
        var records = Rfc4180.Parse(new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        Assert.NotEmpty(records);
        var header = records[0];
        Assert.All(records, r => Assert.Equal(header.Length, r.Length));
        return (header, [.. records.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal))]);
    }

    private static long Fen(IReadOnlyDictionary<string, string> row, string column) =>
        row[column].Length == 0 ? 0 : long.Parse(row[column], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>An independent yuan text for a fen column (decimal holds every long exactly); empty stays empty.</summary>
    private static string YuanOf(string fen) =>
        fen.Length == 0 ? "" : (long.Parse(fen, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// The top-up rule (docs/clearing.md) after the last of <paramref name="netsByPeriod"/> closed: per region, the
    /// shortfall of a notice, or null. <paramref name="balances"/> (before the close) is drawn down here. With n
    /// periods (at most 3) whose net payables sum to S, a notice is due iff balance × 10 × n &lt; 7 × S; its
    /// threshold is ceil(7S / 10n) and its shortfall the threshold minus the balance.
    /// </summary>
    private static Dictionary<string, long?> TopUps(IReadOnlyList<Dictionary<string, long>> netsByPeriod, Dictionary<string, long> balances)
    {
        var last = netsByPeriod[^1];
        var shortfalls = new Dictionary<string, long?>();
        foreach (var region in Regions)
        {
            balances[region] -= Math.Min(balances[region], Math.Max(0, -last[region]));
            var payables = netsByPeriod.TakeLast(3).Select(nets => Math.Max(0, -nets[region])).ToList();
            var (sum, n, balance) = (payables.Sum(), (long)payables.Count, balances[region]);
            var threshold = (7 * sum + 10 * n - 1) / (10 * n);
            shortfalls[region] = balance * 10 * n < 7 * sum ? threshold - balance : null;
        }
        return shortfalls;
    }

    /// <summary>Three regions insure and treat each other's people: nine inpatient settlements, one reversed.</summary>
    private static async Task<(List<Settlement> Settlements, List<Reversal> Reversals)> SettleAMonthAsync(Scenario scenario)
    {
        var today = ChinaClock.Today;
        var effectiveFrom = new DateOnly(today.Year - 1, 1, 1);
        foreach (var (code, name) in new[] { (Shenyang, "Shenyang Heping"), (Changchun, "Changchun Nanguan"), (Harbin, "Harbin Daoli") })
        {
            await scenario.RegionAsync(code, name);
            await scenario.PolicyAsync(code, effectiveFrom, Policies.Standard());
            await scenario.HospitalAsync("CLI-H-" + code, code, 2);
            for (var n = 1; n <= 2; n++)
            {
                var person = $"cli-{code}-{n}";
                await scenario.PersonAsync(person, code, Scheme.Employee, n == 1 ? PersonCategory.Active : PersonCategory.Retired);
                await scenario.ContributionAsync(person, ChinaClock.Period(today), 90_000, 30_000);
            }
        }
        (string Person, string Care)[] visits =
        [
            ($"cli-{Shenyang}-1", Changchun), ($"cli-{Shenyang}-1", Changchun), ($"cli-{Shenyang}-2", Harbin),
            ($"cli-{Changchun}-1", Shenyang), ($"cli-{Changchun}-2", Harbin),
            ($"cli-{Harbin}-1", Shenyang), ($"cli-{Harbin}-2", Changchun), ($"cli-{Harbin}-2", Changchun), ($"cli-{Harbin}-1", Changchun),
        ];
        var generator = new Visits(20_261_128);
        var settlements = new List<Settlement>();
        foreach (var (person, care) in visits)
        {
            var request = generator.Next(scenario.NextRequestId("visit"), person, care, "CLI-H-" + care, today, VisitType.Inpatient, maxItems: 6);
            settlements.Add(await scenario.SettleAsync(request));
        }
        var reversals = new List<Reversal> { await scenario.ReverseAsync(settlements[6]) };
        return (settlements, reversals);
    }

    /// <summary>
    /// The close's figures computed here from the Settle and Reverse answers (docs/domain.md): per ordered pair
    /// insured → care, g = Σ(fund + account) settled − reversed; g ≥ 0 is the care region's receivable from the
    /// insured region, g &lt; 0 the other way round.
    /// </summary>
    private sealed record Expected(
        Dictionary<(string Insured, string Care), long> Pairs, long GrossFen, long NetTotalFen, int EfficiencyBp, Dictionary<string, long> Net)
    {
        /// <param name="known">Every settlement a reversal may refer to (default: <paramref name="settlements"/>).</param>
        public static Expected From(IEnumerable<Settlement> settlements, IEnumerable<Reversal> reversals, IEnumerable<Settlement>? known = null)
        {
            var all = (known ?? settlements).ToList();
            var pairs = new Dictionary<(string, string), long>();
            foreach (var s in settlements)
            {
                pairs[(s.InsuredRegionCode, s.CareRegionCode)] = pairs.GetValueOrDefault((s.InsuredRegionCode, s.CareRegionCode)) + s.FundPayFen + s.AccountPayFen;
            }
            foreach (var r in reversals)
            {
                var s = all.Single(x => x.SettlementId == r.SettlementId);
                pairs[(s.InsuredRegionCode, s.CareRegionCode)] = pairs.GetValueOrDefault((s.InsuredRegionCode, s.CareRegionCode)) - r.FundPayFen - r.AccountPayFen;
            }
            var gross = pairs.Values.Sum(Math.Abs);
            var net = Regions.ToDictionary(region => region, region =>
                pairs.Sum(p => p.Key.Item2 == region ? p.Value : p.Key.Item1 == region ? -p.Value : 0));
            var netTotal = net.Values.Where(v => v > 0).Sum();
            var efficiency = gross == 0 ? 0 : (int)((gross - netTotal) * 10_000 / gross);
            return new Expected(pairs, gross, netTotal, efficiency, net);
        }

        /// <summary>A region's statement lines: (counterparty, receivable, payable), both directions of a pair kept apart.</summary>
        public List<(string Counterparty, long Receivable, long Payable)> LinesOf(string region) =>
        [
            .. Pairs.Where(p => p.Key.Insured == region || p.Key.Care == region)
                .GroupBy(p => p.Key.Insured == region ? p.Key.Care : p.Key.Insured)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key,
                    g.Sum(p => p.Key.Care == region ? Math.Max(p.Value, 0) : Math.Max(-p.Value, 0)),
                    g.Sum(p => p.Key.Insured == region ? Math.Max(p.Value, 0) : Math.Max(-p.Value, 0)))),
        ];
    }
}
