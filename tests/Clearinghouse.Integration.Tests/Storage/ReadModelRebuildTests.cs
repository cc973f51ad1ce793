using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.Storage.ReadModels;
using Clearinghouse.V1;
using Google.Protobuf;
using Npgsql;

namespace Clearinghouse.Integration.Tests.Storage;

/// <summary>
/// The read models are explained by the events alone: after a month written by several callers, the ledger,
/// clearing, reconciliation, audit and request-key tables are emptied and rebuilt from the event streams while
/// the host is stopped, and every read answers exactly as before, row for row.
/// </summary>
public sealed class ReadModelRebuildTests(ReadModelRebuildTests.Fixture fixture) : IClassFixture<ReadModelRebuildTests.Fixture>
{
    private static readonly string[] Tables =
    [
        "ledger_settlements", "ledger_reversals", "clearing_periods", "reconciliation_days", "reconciliation_discrepancies",
        "audit_actions", "request_keys",
    ];

    public sealed class Fixture : ClearinghouseFixture
    {
        public CallersMonth Month { get; private set; } = null!;

        protected override async Task SeedAsync()
        {
            Month = new CallersMonth(this);
            await Month.RunAsync();
        }
    }

    [Fact]
    public async Task Rebuilt_read_models_answer_every_read_as_before_and_hold_the_same_rows()
    {
        var readsBefore = await ReadEverythingAsync();
        var rowsBefore = await RowsAsync();
        ReadModelRebuild.Outcome? outcome = null;

        await fixture.RestartHostAsync(async () => outcome = await ReadModelRebuilds.RunAsync(fixture.ConnectionString));

        Assert.Equal(fixture.Month.Script.Count, outcome!.Events);
        Assert.Equal(rowsBefore, await RowsAsync());
        Assert.Equal(readsBefore, await ReadEverythingAsync());
    }

    [Fact]
    public async Task A_rebuild_is_refused_while_a_host_is_connected_and_changes_nothing()
    {
        var rowsBefore = await RowsAsync();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ReadModelRebuilds.RunAsync(fixture.ConnectionString));
        Assert.Contains("stop the host", refused.Message, StringComparison.Ordinal);
        Assert.Equal(rowsBefore, await RowsAsync());
    }

    [Fact]
    public async Task The_ledger_rows_contributions_among_them_are_rebuilt_with_their_commit_sequence_numbers()
    {
        var before = await LedgerRowsAsync();
        Assert.Contains(before, r => r.StartsWith("ledger_contributions ", StringComparison.Ordinal));

        await fixture.RestartHostAsync(async () => await ReadModelRebuilds.RunAsync(fixture.ConnectionString));

        Assert.Equal(before, await LedgerRowsAsync());
    }

    /// <summary>
    /// Every row of the ledger's tables as JSON with its commit sequence number, which pooled funds' bookings name
    /// and a rebuild therefore keeps.
    /// </summary>
    private async Task<List<string>> LedgerRowsAsync()
    {
        var rows = new List<string>();
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "ledger_settlements", "ledger_reversals", "ledger_contributions" })
        {
            await using var command = new NpgsqlCommand($"select '{table} ' || to_jsonb(t)::text from clearinghouse.{table} t order by seq", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }
        return rows;
    }

    /// <summary>Every row of every derived table as JSON, in a fixed order, without the commit sequence (the audit trail's is renumbered by design).</summary>
    private async Task<List<string>> RowsAsync()
    {
        var rows = new List<string>();
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in Tables)
        {
            await using var command = new NpgsqlCommand($"select '{table} ' || (to_jsonb(t) - 'seq')::text from clearinghouse.{table} t order by 1", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }
        Assert.Contains(rows, r => r.StartsWith("ledger_reversals ", StringComparison.Ordinal));
        return rows;
    }

    /// <summary>What every read RPC answers about the month, as officers and as the regions themselves see it (page tokens left out: opaque cursors).</summary>
    private async Task<List<string>> ReadEverythingAsync()
    {
        var answers = new List<string>();
        void Add(string what, IMessage answer) => answers.Add($"{what}: {JsonFormatter.Default.Format(answer)}");
        var month = fixture.Month;
        var period = month.ClosedPeriod;
        var open = (await fixture.Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        Add("current period", new Period { Period_ = open });
        Add("summary", await fixture.Clearing.GetPeriodSummaryAsync(new GetPeriodSummaryRequest { Period = period }));
        Add("transfers", await fixture.Clearing.ListTransfersAsync(new ListTransfersRequest { Period = period }));
        var statements = await fixture.Clearing.ListStatementsAsync(new ListStatementsRequest { Period = period });
        Assert.Empty(statements.NextPageToken);
        Add("statements", statements);
        foreach (var region in CallersMonth.Regions)
        {
            Add($"statement {region}", await fixture.Clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = region }));
            Add($"balance {region}", await fixture.Clearing.GetPrepaymentBalanceAsync(new GetPrepaymentBalanceRequest { RegionCode = region }));
            foreach (var listed in new[] { period, open })
            {
                var token = "";
                do
                {
                    var page = await fixture.Settlements.ListSettlementsAsync(new ListSettlementsRequest { RegionCode = region, Period = listed, PageSize = 2, PageToken = token });
                    answers.AddRange(page.Settlements.Select(s => $"listed {region} {listed}: {JsonFormatter.Default.Format(s)}"));
                    token = page.NextPageToken;
                }
                while (token.Length > 0);
            }
            foreach (var status in new[] { DiscrepancyStatus.Open, DiscrepancyStatus.Resolved, DiscrepancyStatus.Superseded })
            {
                var page = await fixture.Reconciliation.ListDiscrepanciesAsync(new ListDiscrepanciesRequest { RegionCode = region, Status = status, PageSize = 1000 });
                Assert.Empty(page.NextPageToken);
                Add($"discrepancies {region} {status}", page);
            }
            Add($"reconciliation {region}", await fixture.Reconciliation.GetReconciliationStatusAsync(new GetReconciliationStatusRequest { CareRegionCode = region, Period = period }));
        }
        foreach (var (_, settlement) in month.Settled)
        {
            Add($"settlement {settlement.SettlementId}", await fixture.Settlements.GetSettlementAsync(new GetSettlementRequest { SettlementId = settlement.SettlementId }));
        }
        // The accounts: folded from their streams by the grains, so a rebuild must not change a figure or an entry.
        var accounts = new AccountService.AccountServiceClient(fixture.Host.Channel);
        var accountIds = CallersMonth.Regions.Select(r => "prepayment:" + r)
            .Append("clearing:000000")
            .Concat(new[] { "aud-bj-1", "aud-bj-2", "aud-gz-1" }.Select(p => "personal:" + p));
        foreach (var accountId in accountIds)
        {
            Add($"account {accountId}", await accounts.GetAccountAsync(new GetAccountRequest { AccountId = accountId }));
            var entries = "";
            do
            {
                var page = await accounts.ListAccountEntriesAsync(new ListAccountEntriesRequest { AccountId = accountId, PageSize = 2, PageToken = entries });
                answers.AddRange(page.Entries.Select(e => $"entry {accountId}: {JsonFormatter.Default.Format(e)}"));
                entries = page.NextPageToken;
            }
            while (entries.Length > 0);
        }
        var audit = new AuditService.AuditServiceClient(fixture.Host.Channel);
        var actions = "";
        do
        {
            var page = await audit.ListActionsAsync(new ListActionsRequest { PageSize = 4, PageToken = actions });
            answers.AddRange(page.Actions.Select(a => $"action: {JsonFormatter.Default.Format(a)}"));
            actions = page.NextPageToken;
        }
        while (actions.Length > 0);
        Assert.True(answers.Count > 50, $"only {answers.Count} answers were read");
        return answers;
    }
}
