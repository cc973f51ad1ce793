using Clearinghouse.Api.Identity;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests.CallerLimits;

/// <summary>
/// Mutating calls beyond a caller's rate are refused RESOURCE_EXHAUSTED with the limit and the caller in
/// the message, before anything is written; other callers and reads go on. Each test calls from loopback
/// addresses of its own, so each starts with full buckets; buckets fill only when the test moves the clock.
/// </summary>
public sealed class RateLimitTests(LimitedHostFixture fixture) : IClassFixture<LimitedHostFixture>
{
    [Fact]
    public async Task A_caller_beyond_its_rate_is_refused_and_nothing_is_written_while_another_caller_is_served()
    {
        var busy = new RegistryService.RegistryServiceClient(fixture.ChannelAs(new Caller(CallerRole.Operator, "busy")));
        var other = new RegistryService.RegistryServiceClient(fixture.ChannelAs(new Caller(CallerRole.Operator, "other")));
        for (var i = 0; i < LimitedHostFixture.Burst; i++)
        {
            await busy.UpsertRegionAsync(Region($"11010{i}"));
        }
        var before = await fixture.Database.CountsAsync();

        var refused = await Rpc.RefusedAsync(StatusCode.ResourceExhausted, () => busy.UpsertRegionAsync(Region("110106")), "the sixth call in a burst of 5");

        Assert.Equal("rate limit of 5 requests/s for caller operator:busy exceeded; retry after 200 ms", refused.Status.Detail);
        Assert.Equal(before, await fixture.Database.CountsAsync());
        // Reads are not limited; the refused region was not created.
        await Rpc.RefusedAsync(StatusCode.NotFound, () => busy.GetRegionAsync(new GetRegionRequest { RegionCode = "110106" }), "the refused region");
        // Another caller has a bucket of its own.
        Assert.Equal("120100", (await other.UpsertRegionAsync(Region("120100"))).RegionCode);

        // 200 ms at 5/s is one token: one more call, then refused again.
        fixture.RateClock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal("110106", (await busy.UpsertRegionAsync(Region("110106"))).RegionCode);
        await Rpc.RefusedAsync(StatusCode.ResourceExhausted, () => busy.UpsertRegionAsync(Region("110107")), "the call after the refill's one token");
    }

    [Fact]
    public async Task Every_message_of_a_settle_stream_counts_and_one_beyond_the_rate_is_answered_on_the_stream()
    {
        var channel = fixture.ChannelAs(new Caller(CallerRole.Region, "110105"));
        var settlements = new SettlementService.SettlementServiceClient(channel);
        const int Sent = LimitedHostFixture.Burst + 2;

        var outcomes = new Dictionary<string, SettleOutcome>();
        using (var call = settlements.SettleStream(deadline: DateTime.UtcNow.AddMinutes(1)))
        {
            for (var i = 1; i <= Sent; i++)
            {
                // No items: a request the service refuses INVALID_ARGUMENT once it is let through.
                await call.RequestStream.WriteAsync(new SettleRequest
                {
                    RequestId = $"s-{i}", CareRegionCode = "110105", HospitalCode = "H1", PersonId = "P1",
                    VisitType = VisitType.Outpatient, ServiceDate = "2026-12-01",
                });
            }
            await call.RequestStream.CompleteAsync();
            await foreach (var outcome in call.ResponseStream.ReadAllAsync())
            {
                outcomes.Add(outcome.RequestId, outcome);
            }
            Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        }

        Assert.Equal(Sent, outcomes.Count);
        for (var i = 1; i <= LimitedHostFixture.Burst; i++)
        {
            Assert.Equal((int)StatusCode.InvalidArgument, outcomes[$"s-{i}"].Status.Code);
        }
        for (var i = LimitedHostFixture.Burst + 1; i <= Sent; i++)
        {
            Assert.Equal((int)StatusCode.ResourceExhausted, outcomes[$"s-{i}"].Status.Code);
            Assert.Equal("rate limit of 5 requests/s for caller region:110105 exceeded; retry after 200 ms", outcomes[$"s-{i}"].Status.Message);
        }
        // The stream and unary calls draw on the same bucket.
        await Rpc.RefusedAsync(
            StatusCode.ResourceExhausted,
            () => settlements.ReverseAsync(new ReverseRequest { RequestId = "r-1", CareRegionCode = "110105", SettlementId = "0123456789abcdef0123456789abcdef", Reason = "test" }),
            "a unary call after the stream spent the bucket");
    }

    private static UpsertRegionRequest Region(string code) => new() { RequestId = $"region-{code}", RegionCode = code, Name = $"Region {code}" };
}
