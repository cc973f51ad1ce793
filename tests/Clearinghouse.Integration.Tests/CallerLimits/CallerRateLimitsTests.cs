using System.Diagnostics;
using Clearinghouse.Api.CallerLimits;
using Grpc.Core;
using Xunit.Abstractions;

namespace Clearinghouse.Integration.Tests.CallerLimits;

/// <summary>The per-caller token buckets on their own: partitions, refills, the refusal's message, and the cost of a token.</summary>
public sealed class CallerRateLimitsTests(ITestOutputHelper output)
{
    [Fact]
    public void A_caller_beyond_its_burst_is_refused_with_the_limit_and_its_name_while_another_caller_is_not()
    {
        var timers = new ManualTimers();
        using var limits = new CallerRateLimits(new CallerLimitsOptions { PermitsPerSecond = 5, Burst = 5 }, new RateLimitTimer(timers));
        var busy = limits.For("region:110000");

        for (var i = 0; i < 5; i++)
        {
            Assert.Null(busy.Refusal());
        }
        var refused = busy.Refusal();

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.Value.StatusCode);
        // 5/s refills one token every 200 ms.
        Assert.Equal("rate limit of 5 requests/s for caller region:110000 exceeded; retry after 200 ms", refused.Value.Detail);
        Assert.Null(limits.For("region:310000").Refusal());
        Assert.Same(busy, limits.For("region:110000"));
    }

    [Fact]
    public void Each_refill_gives_back_the_rate_of_one_period_and_never_more_than_the_burst()
    {
        var timers = new ManualTimers();
        // 20/s: two tokens every 100 ms.
        using var limits = new CallerRateLimits(new CallerLimitsOptions { PermitsPerSecond = 20, Burst = 3 }, new RateLimitTimer(timers));
        var bucket = limits.For("platform:11");
        Assert.Equal(3, Drain(bucket));

        timers.Fire();
        Assert.Equal(2, Drain(bucket));

        for (var i = 0; i < 10; i++)
        {
            timers.Fire();
        }
        Assert.Equal(3, Drain(bucket));
    }

    [Fact]
    public void Settings_that_would_refuse_every_call_stop_the_host_at_startup()
    {
        var refused = Assert.Throws<InvalidOperationException>(() =>
            new CallerRateLimits(new CallerLimitsOptions { PermitsPerSecond = 0 }, new RateLimitTimer(new ManualTimers())));
        Assert.Contains("PermitsPerSecond=0", refused.Message);
    }

    /// <summary>
    /// The hot path: a caller's bucket looked up and a token taken, as the interceptor does for every
    /// mutating call and SettleStream for every message. It must allocate nothing; the time it takes is
    /// written to the test output (a few tens of nanoseconds: nothing beside a settlement's commit).
    /// </summary>
    [Fact]
    public void Taking_a_token_allocates_nothing()
    {
        const int Calls = 200_000;
        var timers = new ManualTimers();
        using var limits = new CallerRateLimits(new CallerLimitsOptions { PermitsPerSecond = 1_000_000, Burst = Calls }, new RateLimitTimer(timers));
        const string Caller = "platform:11";
        Assert.Null(limits.For(Caller).Refusal());
        for (var i = 0; i < 10; i++)
        {
            timers.Fire();
        }

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var refusals = 0;
        for (var i = 0; i < Calls - 1; i++)
        {
            if (limits.For(Caller).Refusal() is not null)
            {
                refusals++;
            }
        }
        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal(0, refusals);
        Assert.Equal(0, allocated);
        output.WriteLine($"{clock.Elapsed.TotalNanoseconds / (Calls - 1):0.0} ns per token (lookup and take), {allocated} bytes allocated for {Calls - 1} tokens");
    }

    private static int Drain(CallerBucket bucket)
    {
        var taken = 0;
        while (bucket.Refusal() is null)
        {
            taken++;
        }
        return taken;
    }
}
