using Clearinghouse.Api.CallerLimits;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Reconciliation;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using static Clearinghouse.Integration.Tests.Support.ReportStream;

namespace Clearinghouse.Integration.Tests.CallerLimits;

/// <summary>
/// The receive limits of the default host: the largest legitimate message passes, one byte more than a
/// service's limit is refused RESOURCE_EXHAUSTED before the handler sees it, and nothing is written.
/// </summary>
public sealed class MessageSizeTests(MessageSizeTests.Fixture fixture) : IClassFixture<MessageSizeTests.Fixture>
{
    private const string Care = "110105";

    [Fact]
    public async Task The_largest_legitimate_report_batch_is_accepted()
    {
        var batch = LargestMessages.ReportBatch();
        Assert.Equal(MessageSizeLimits.LargestReportMessage, batch.CalculateSize());

        var result = await fixture.Reconciliation.SubmitAsync([Header("largest", Care, ChinaClock.Format(fixture.Today)), batch]);

        Assert.Equal(10_000, result.RegionEntryCount);
        Assert.Equal(10_000, result.Discrepancies.Count);
    }

    [Fact]
    public async Task A_report_message_one_byte_over_the_limit_is_refused_and_nothing_is_written()
    {
        var message = Padded(LargestMessages.ReportBatch(), MessageSizeLimits.ReconciliationService + 1,
            m => m.Entries.Entries[^1].RequestId, (m, value) => m.Entries.Entries[^1].RequestId = value);
        var before = (await fixture.Database.CountsAsync(), await ReconciliationProbe.CountsAsync(fixture.ConnectionString));

        await Rpc.RefusedAsync(StatusCode.ResourceExhausted,
            () => fixture.Reconciliation.SubmitAsync([Header("too-large", Care, ChinaClock.Format(fixture.Today)), message]),
            "a report message one byte over the limit");

        Assert.Equal(before, (await fixture.Database.CountsAsync(), await ReconciliationProbe.CountsAsync(fixture.ConnectionString)));
    }

    [Fact]
    public async Task A_settle_request_over_the_settlement_service_limit_is_refused_though_within_the_host_wide_one()
    {
        var largest = LargestMessages.Settle("largest");
        // The largest legitimate request passes the size limit; the service answers it (no such person).
        var answered = await Rpc.RefusedAsync(StatusCode.NotFound, () => fixture.Settlements.SettleAsync(largest), "the largest legitimate settle request");
        var tooLarge = Padded(LargestMessages.Settle("too-large"), MessageSizeLimits.SettlementService + 1,
            m => m.Items[^1].Name, (m, value) => m.Items[^1].Name = value);
        Assert.True(tooLarge.CalculateSize() < MessageSizeLimits.HostWide);
        var before = await fixture.Database.CountsAsync();

        await Rpc.RefusedAsync(StatusCode.ResourceExhausted, () => fixture.Settlements.SettleAsync(tooLarge), $"a settle request one byte over the limit ({answered.Status.Detail} before)");

        Assert.Equal(before, await fixture.Database.CountsAsync());
    }

    /// <summary>Lengthens one text field of <paramref name="message"/> with ASCII until the message is exactly <paramref name="size"/> bytes.</summary>
    private static T Padded<T>(T message, int size, Func<T, string> read, Action<T, string> write) where T : Google.Protobuf.IMessage
    {
        write(message, read(message) + new string('x', size - message.CalculateSize()));
        // A longer text can lengthen the varint length prefixes around it: take those bytes back off.
        var over = message.CalculateSize() - size;
        write(message, read(message)[..^over]);
        Assert.Equal(size, message.CalculateSize());
        return message;
    }

    public sealed class Fixture : ClearinghouseFixture
    {
        protected override Task SeedAsync() => new Scenario(this, "size").RegionAsync(Care, "Beijing Chaoyang");
    }
}
