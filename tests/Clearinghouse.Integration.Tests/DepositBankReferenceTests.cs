using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.V1;
using Grpc.Core;
using Npgsql;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// A deposit is the record of a real payment: it carries the bank's reference of that payment (1..64
/// printable ASCII characters, no spaces), is refused without one with nothing written, and keeps it in
/// its PrepaymentDeposited event, read back here straight from the event store.
/// </summary>
public sealed class DepositBankReferenceTests(DepositBankReferenceTests.Fixture fixture) : IClassFixture<DepositBankReferenceTests.Fixture>
{
    private const string Region = "420102";
    private const string Restarted = "420103";

    private ClearingService.ClearingServiceClient Clearing => fixture.Clearing;

    public static TheoryData<string, string> Malformed => new()
    {
        { "", "bank_reference is required" },
        { new string('R', 65), "bank_reference must be at most 64 characters, got 65" },
        { "CNAPS 2026", "bank_reference must be printable ASCII characters '!' through '~' (no spaces), got U+0020 at position 6" },
        { "REF\t1", "bank_reference must be printable ASCII characters '!' through '~' (no spaces), got U+0009 at position 4" },
        { "银行-1", "bank_reference must be printable ASCII characters '!' through '~' (no spaces), got U+94F6 at position 1" },
        { "REF-1\u007f", "bank_reference must be printable ASCII characters '!' through '~' (no spaces), got U+007F at position 6" },
        { " REF-1", "bank_reference must be printable ASCII characters '!' through '~' (no spaces), got U+0020 at position 1" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_deposit_without_a_well_formed_bank_reference_is_refused_and_writes_nothing(string reference, string message)
    {
        var before = await fixture.Database.CountsAsync();
        var balance = (await Clearing.GetPrepaymentBalanceAsync(new GetPrepaymentBalanceRequest { RegionCode = Region })).BalanceFen;

        var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => Clearing.DepositPrepaymentAsync(
            new DepositPrepaymentRequest { RequestId = "malformed", RegionCode = Region, AmountFen = 10_000, BankReference = reference }));

        Assert.Equal(message, refused.Status.Detail);
        Assert.Equal(before, await fixture.Database.CountsAsync());
        Assert.Equal(balance, (await Clearing.GetPrepaymentBalanceAsync(new GetPrepaymentBalanceRequest { RegionCode = Region })).BalanceFen);
    }

    [Fact]
    public async Task The_bank_reference_is_stored_with_the_deposit_and_a_retry_stores_nothing_more()
    {
        // Both ends of the allowed characters, at the longest length allowed.
        var longest = "!" + new string('7', 62) + "~";
        var before = await fixture.Database.CountsAsync();
        // The region's first deposit starts its prepayment account's stream, which the clearing stream records.
        var newStreams = (await DepositsOfAsync(Region)).Count == 0 ? 1 : 0;

        var first = await Clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "stored-1", RegionCode = Region, AmountFen = 30_000, BankReference = "CNAPS-20261206-000123" });
        var second = await Clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "stored-2", RegionCode = Region, AmountFen = 5_000, BankReference = longest });
        var retry = await Clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "stored-1", RegionCode = Region, AmountFen = 30_000, BankReference = "CNAPS-20261206-000123" });

        Assert.Equal(first.BalanceFen + 5_000, second.BalanceFen);
        Assert.Equal(first, retry);
        Assert.Equal(before with { Events = before.Events + 2 + newStreams, RequestKeys = before.RequestKeys + 2 + newStreams, Streams = before.Streams + newStreams }, await fixture.Database.CountsAsync());
        Assert.Equal(
            [("stored-1", 30_000L, "CNAPS-20261206-000123"), ("stored-2", 5_000L, longest)],
            (await DepositsOfAsync(Region)).Where(d => d.RequestId.StartsWith("stored-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_deposit_stored_before_references_were_required_still_loads()
    {
        await Clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "old-1", RegionCode = Restarted, AmountFen = 70_000, BankReference = "OLD-1" });
        // Take the property out of the stored event: the form every deposit had before the reference existed.
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var strip = new NpgsqlCommand(
                "update clearinghouse.mt_events set data = data - 'BankReference' where type = 'prepayment_deposited_v1' and data ->> 'RegionCode' = @region",
                connection);
            strip.Parameters.AddWithValue("region", Restarted);
            Assert.Equal(1, await strip.ExecuteNonQueryAsync());
        }
        Assert.Equal([("old-1", 70_000L, (string?)null)], (await DepositsOfAsync(Restarted)).Select(d => (d.RequestId, d.AmountFen, d.BankReference)));

        // A new host replays the prepayment account's stream from the store, the old deposit included.
        await fixture.RestartHostAsync();

        Assert.Equal(70_000, (await Clearing.GetPrepaymentBalanceAsync(new GetPrepaymentBalanceRequest { RegionCode = Restarted })).BalanceFen);
        var next = await Clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "new-1", RegionCode = Restarted, AmountFen = 1_000, BankReference = "NEW-1" });
        Assert.Equal(71_000, next.BalanceFen);
    }

    /// <summary>
    /// The deposits of a region as stored, in the clearing stream (where earlier stores kept them) and in the region's
    /// prepayment account: request id, amount and bank reference (null when the property is absent).
    /// </summary>
    private async Task<List<(string RequestId, long AmountFen, string? BankReference)>> DepositsOfAsync(string region)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select data -> 'Request' ->> 'RequestId', (data ->> 'AmountFen')::bigint, data ->> 'BankReference'
            from clearinghouse.mt_events
            where stream_id in ('clearing', 'prepayment:' || @region) and type = 'prepayment_deposited_v1' and data ->> 'RegionCode' = @region
            order by seq_id
            """, connection);
        command.Parameters.AddWithValue("region", region);
        var deposits = new List<(string, long, string?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            deposits.Add((reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        return deposits;
    }

    public sealed class Fixture : ClearinghouseFixture
    {
        protected override async Task SeedAsync()
        {
            await Registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "seed-region", RegionCode = Region, Name = "Wuhan Jiang'an" });
            await Registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "seed-region", RegionCode = Restarted, Name = "Wuhan Jianghan" });
        }
    }
}
