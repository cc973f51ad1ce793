using Clearinghouse.Api.Identity;
using Clearinghouse.Api.CallerLimits;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.Integration.Tests.CallerLimits;

/// <summary>A caller holds at most 2 WatchPeriods streams here (8 by default); ending one frees its slot.</summary>
public sealed class WatchStreamCapTests(LimitedHostFixture fixture) : IClassFixture<LimitedHostFixture>
{
    private static readonly Caller Watcher = new(CallerRole.Officer, "watcher");

    [Fact]
    public async Task A_caller_beyond_its_watch_cap_is_refused_until_one_of_its_streams_ends()
    {
        var clearing = new ClearingService.ClearingServiceClient(fixture.ChannelAs(Watcher));
        var otherCaller = new ClearingService.ClearingServiceClient(fixture.ChannelAs(new Caller(CallerRole.Officer, "other")));
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        using var opened1 = await OpenAsync(clearing, first.Token);
        using var opened2 = await OpenAsync(clearing, second.Token);

        var refused = await Rpc.RefusedAsync(StatusCode.ResourceExhausted, () => OpenAsync(clearing, CancellationToken.None), "a third watch");
        Assert.Equal(
            $"caller {Watcher} already holds 2 WatchPeriods streams, the most one caller may hold open at once; end one first",
            refused.Status.Detail);
        using var othersWatch = await OpenAsync(otherCaller, CancellationToken.None);

        await first.CancelAsync();
        // The server frees the slot when it sees the cancellation (an HTTP/2 reset), which the client
        // cannot await: wait, bounded, until the host's count of the caller's streams drops.
        var slots = fixture.Host.Services.GetRequiredService<WatchStreamSlots>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (slots.Held(Watcher.ToString()) > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(1, slots.Held(Watcher.ToString()));
        using var reopened = await OpenAsync(clearing, CancellationToken.None);
        Assert.Equal(2, slots.Held(Watcher.ToString()));
    }

    /// <summary>Opens a watch and reads its first notice (the open period), so the server holds its slot.</summary>
    private static async Task<AsyncServerStreamingCall<PeriodNotice>> OpenAsync(ClearingService.ClearingServiceClient client, CancellationToken cancellationToken)
    {
        var call = client.WatchPeriods(new WatchPeriodsRequest(), cancellationToken: cancellationToken);
        try
        {
            Assert.True(await call.ResponseStream.MoveNext(cancellationToken));
            Assert.Equal(PeriodState.Open, call.ResponseStream.Current.State);
            return call;
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }
}
