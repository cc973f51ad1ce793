using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.Integration.Tests.Supervision;

/// <summary>
/// Under memory pressure the processor reads no further page and leaves the rest to a later call, missing nothing;
/// and the visits it holds stay within their capacity, however small, with the same findings. The host's driver is
/// off, so the test's calls are the only ones; the first is told the heap fills 90% of its limit.
/// </summary>
public sealed class SupervisionMemoryTests(SupervisionMemoryTests.Fixture fixture) : IClassFixture<SupervisionMemoryTests.Fixture>
{
    [Fact]
    public async Task Under_memory_pressure_a_call_handles_nothing_and_the_next_call_raises_every_planted_flag_holding_five_visits_at_most()
    {
        var processor = fixture.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<ISupervisionGrain>(ISupervisionGrain.Key);
        var end = await fixture.Host.Services.GetRequiredService<IEventFeed>().LastPositionAsync();
        var run = new SupervisionRun(1_000, int.MaxValue, TimeSpan.FromHours(1), 1_000, YieldAtHeapPercent: 85, VisitCapacity: 5);

        var waited = await processor.Process(run with { HeapPercentSeen = 90 });

        Assert.Equal(0, waited.Position);
        Assert.Equal(0, waited.Settlements);
        Assert.Empty(await SupervisionFixture.ListAllAsync(fixture.Supervision, new()));

        // The same threshold over the heap as the last collection measured it: the test process is far below it.
        var caughtUp = await processor.Process(run);

        Assert.True(caughtUp.Position >= end, $"caught up to {caughtUp.Position} of {end}");
        Assert.Equal(fixture.Settled.Count, caughtUp.Settlements);
        Assert.InRange(caughtUp.HeldVisits, 1, 5);
        var flags = await fixture.AllFlaggedAsync();
        Assert.All(fixture.Planted, p => Assert.Single(flags, p.Matches));
    }

    /// <summary>A small month whose host does not drive the processor.</summary>
    public sealed class Fixture : SupervisionFixture
    {
        public Fixture() => ExtraSettings["Clearinghouse:Supervision:Enabled"] = "false";

        protected override int EverydayPeople => 20;
    }
}
