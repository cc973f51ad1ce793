using Clearinghouse.Api;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Npgsql;

namespace Clearinghouse.Integration.Tests.Storage;

/// <summary>
/// Stores from before the prepayment accounts kept deposits in the clearing stream. Such a store, written here in
/// that layout, is carried over by the clearing grain's next activation: once, by events (a marker on the clearing
/// stream and the balance on each prepayment account, one transaction), with the stored deposits untouched; a retry
/// of an old deposit still answers its first balance, and new deposits go on from the carried balance.
/// </summary>
public sealed class PrepaymentCarryOverTests(PrepaymentCarryOverTests.Fixture fixture) : IClassFixture<PrepaymentCarryOverTests.Fixture>
{
    private const string First = "150302";
    private const string Second = "150303";

    public sealed class Fixture : ClearinghouseFixture
    {
        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "carry");
            await scenario.RegionAsync(First, "Wuhai Haibowan");
            await scenario.RegionAsync(Second, "Wuhai Hainan");
        }
    }

    [Fact]
    public async Task Balances_stored_in_the_clearing_stream_are_carried_into_the_prepayment_accounts_once()
    {
        var old = new DepositPrepaymentRequest { RequestId = "old-1", RegionCode = First, AmountFen = 30_000, BankReference = "OLD-1" };
        await fixture.RestartHostAsync(async () =>
        {
            await StoreLegacyDepositAsync(old, balanceAfterFen: 30_000);
            await StoreLegacyDepositAsync(new DepositPrepaymentRequest { RequestId = "old-2", RegionCode = First, AmountFen = 20_000, BankReference = "OLD-2" }, 50_000);
            await StoreLegacyDepositAsync(new DepositPrepaymentRequest { RequestId = "old-3", RegionCode = Second, AmountFen = 10_000, BankReference = "OLD-3" }, 10_000);
        });

        Assert.Equal(50_000, await BalanceAsync(First));
        Assert.Equal(10_000, await BalanceAsync(Second));
        Assert.Equal(
            [("clearing", "prepayment_deposited_v1"), ("clearing", "prepayment_deposited_v1"), ("clearing", "prepayment_deposited_v1"), ("clearing", "prepayments_carried_over_v1"),
             ("prepayment:" + First, "prepayment_carried_over_v1"), ("prepayment:" + Second, "prepayment_carried_over_v1")],
            await StoredAsync());
        var accounts = new AccountService.AccountServiceClient(fixture.Host.Channel);
        var entry = Assert.Single((await accounts.ListAccountEntriesAsync(new ListAccountEntriesRequest { AccountId = "prepayment:" + First })).Entries);
        Assert.Equal((EntryCause.Deposit, "carry-over-prepayments", 50_000L, 50_000L, "system"), (entry.Cause, entry.CauseId, entry.AmountFen, entry.BalanceAfterFen, entry.Actor));

        // A retry of a deposit stored in the clearing stream answers its first balance and writes nothing.
        var counts = await fixture.Database.CountsAsync();
        Assert.Equal(30_000, (await fixture.Clearing.DepositPrepaymentAsync(old)).BalanceFen);
        Assert.Equal(counts, await fixture.Database.CountsAsync());

        // New deposits go on from the carried balance, on the account's stream; another start carries nothing again.
        Assert.Equal(51_000, (await fixture.Clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "new-1", RegionCode = First, AmountFen = 1_000, BankReference = "NEW-1" })).BalanceFen);
        counts = await fixture.Database.CountsAsync();
        await fixture.RestartHostAsync();
        Assert.Equal(51_000, await BalanceAsync(First));
        Assert.Equal(counts, await fixture.Database.CountsAsync());
    }

    private async Task<long> BalanceAsync(string region) =>
        (await fixture.Clearing.GetPrepaymentBalanceAsync(new GetPrepaymentBalanceRequest { RegionCode = region })).BalanceFen;

    /// <summary>Appends a deposit to the clearing stream as builds before the prepayment accounts stored it, with its request key.</summary>
    private async Task StoreLegacyDepositAsync(DepositPrepaymentRequest request, long balanceAfterFen)
    {
        var json = $$"""
            {"Request":{"Scope":"{{request.RegionCode}}","RequestId":"{{request.RequestId}}","Fingerprint":"{{Fingerprint.Of(request)}}","AcceptedAt":"2026-11-02T02:00:00+00:00","Actor":"officer:old"},
             "RegionCode":"{{request.RegionCode}}","AmountFen":{{request.AmountFen}},"BalanceAfterFen":{{balanceAfterFen}},"BankReference":"{{request.BankReference}}"}
            """;
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            update clearinghouse.mt_streams set version = version + 1 where id = 'clearing';
            insert into clearinghouse.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived)
            values (nextval('clearinghouse.mt_events_sequence'), gen_random_uuid(), 'clearing', (select version from clearinghouse.mt_streams where id = 'clearing'),
                    @data::jsonb, 'prepayment_deposited_v1', '*DEFAULT*', now(), 'Clearinghouse.Domain.Events.PrepaymentDeposited, Clearinghouse.Domain', false);
            insert into clearinghouse.request_keys (scope, request_id, fingerprint, stream_key)
            values (@scope, @request, (@data::jsonb) -> 'Request' ->> 'Fingerprint', 'clearing');
            """, connection);
        command.Parameters.AddWithValue("data", json);
        command.Parameters.AddWithValue("scope", request.RegionCode);
        command.Parameters.AddWithValue("request", request.RequestId);
        Assert.Equal(3, await command.ExecuteNonQueryAsync());
    }

    /// <summary>The prepayment events stored, by stream and type, in commit order.</summary>
    private async Task<List<(string Stream, string Type)>> StoredAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select stream_id, type from clearinghouse.mt_events where type like 'prepayment%' order by seq_id", connection);
        var stored = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            stored.Add((reader.GetString(0), reader.GetString(1)));
        }
        return stored;
    }
}
