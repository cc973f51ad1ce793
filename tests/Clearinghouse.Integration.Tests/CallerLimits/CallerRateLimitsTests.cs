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
        var clock = new ManualClock();
        var limits = new CallerRateLimits(new CallerLimitsOptions { PermitsPerSecond = 5, Burst = 5 }, new RateLimitClock(clock));
        var busy = limits.For("region:110000");

        for (var i = 0; i < 5; i++)
        {
            Assert.Null(busy.Refusal());
        }
        var refused = busy.Refusal();

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.Value.StatusCode);
        // 5/s: the next token comes 200 ms later.
        Assert.Equal("rate limit of 5 requests/s for caller region:110000 exceeded; retry after 200 ms", refused.Value.Detail);
        Assert.Null(limits.For("region:310000").Refusal());
        Assert.Same(busy, limits.For("region:110000"));
    }

    [Fact]
    public void The_bucket_fills_at_the_rate_and_never_beyond_the_burst()
    {
        var clock = new ManualClock();
        var limits = new CallerRateLimits(new CallerLimitsOptions { PermitsPerSecond = 20, Burst = 3 }, new RateLimitClock(clock));
        var bucket = limits.For("platform:11");
        Assert.Equal(3, Drain(bucket));

        // 20/s: a token every 50 ms, none before.
        clock.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Equal(0, Drain(bucket));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, Drain(bucket));
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, Drain(bucket));
        // A refused request says when the next token comes: 50 ms after the last one was taken.
        clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal("rate limit of 20 requests/s for caller platform:11 exceeded; retry after 30 ms", bucket.Refusal()?.Detail);

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(3, Drain(bucket));
    }

    [Fact]
    public void Settings_that_would_refuse_every_call_stop_the_host_at_startup()
    {
        var refused = Assert.Throws<InvalidOperationException>(() =>
            new CallerRateLimits(new CallerLimitsOptions { PermitsPerSecond = 0 }, new RateLimitClock(new ManualClock())));
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
        // The system's clock, as in production: its timestamp read is part of the cost.
        var limits = new CallerRateLimits(new CallerLimitsOptions { PermitsPerSecond = 1_000_000, Burst = 2 * Calls }, new RateLimitClock(TimeProvider.System));
        const string Caller = "platform:11";
        // Warm up, so the measurement times optimised code (tiered compilation), not the first calls.
        for (var i = 0; i < Calls; i++)
        {
            Assert.Null(limits.For(Caller).Refusal());
        }

        var watch = new Stopwatch();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        watch.Start();
        var refusals = 0;
        for (var i = 0; i < Calls; i++)
        {
            if (limits.For(Caller).Refusal() is not null)
            {
                refusals++;
            }
        }
        watch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal(0, refusals);
        Assert.Equal(0, allocated);
        output.WriteLine($"{watch.Elapsed.TotalNanoseconds / Calls:0.0} ns per token (lookup and take), {allocated} bytes allocated for {Calls} tokens");
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
