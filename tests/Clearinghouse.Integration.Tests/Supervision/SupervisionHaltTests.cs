using Clearinghouse.Grains.Abstractions;
using Clearinghouse.V1;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Clearinghouse.Integration.Tests.Supervision;

/// <summary>The month of <see cref="SupervisionFixture"/> with a first host whose processor checkpoints after every call and halts after 3 flags.</summary>
public sealed class HaltedSupervisionFixture : SupervisionFixture
{
    public const int HaltAfter = 3;

    protected override int EverydayPeople => 60;

    public HaltedSupervisionFixture()
    {
        ExtraSettings["Clearinghouse:Faults:SupervisionHaltAfterFlags"] = HaltAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ExtraSettings["Clearinghouse:Supervision:CheckpointInterval"] = "00:00:00";
    }
}

/// <summary>
/// A host stopped part way through a batch's findings, before its checkpoint, deterministically: the first host's
/// processor halts right after its third flag (a fault setting), and the next host resumes from the last checkpoint.
/// </summary>
public sealed class SupervisionHaltTests(HaltedSupervisionFixture fixture, ITestOutputHelper output) : IClassFixture<HaltedSupervisionFixture>
{
    [Fact]
    public async Task Halted_part_way_through_a_batch_before_its_checkpoint_the_next_host_writes_the_missing_findings_and_none_twice()
    {
        // The first host's processor wrote 3 flags, the last of them after its last checkpoint, and stopped there.
        var halted = await fixture.FlagsAsync(flags => flags.Count >= HaltedSupervisionFixture.HaltAfter);
        var progress = await Processor().Progress();
        Assert.Equal(HaltedSupervisionFixture.HaltAfter, halted.Count);
        Assert.Equal(HaltedSupervisionFixture.HaltAfter, progress.FlagsRaised);
        var last = 0L;
        foreach (var flag in halted)
        {
            last = Math.Max(last, (await fixture.Supervision.GetFlagAsync(new GetFlagRequest { FlagId = flag.FlagId })).Flag.TriggerPosition);
        }
        Assert.True(last > progress.CheckpointedPosition, $"the last flag (at {last}) lies after the last checkpoint ({progress.CheckpointedPosition})");
        Assert.True(fixture.Planted.Count > halted.Count);

        fixture.ExtraSettings.Remove("Clearinghouse:Faults:SupervisionHaltAfterFlags");
        await fixture.RestartHostAsync();
        var flags = await fixture.AllFlaggedAsync();

        Assert.All(fixture.Planted, p => Assert.Single(flags, p.Matches));
        await SupervisionStopTests.AssertEachFindingWrittenOnceAsync(fixture, flags);
        // From the checkpoint on, the flag written after it was found again and skipped.
        var resumed = await Processor().Progress();
        output.WriteLine($"halted at {progress.Position} (checkpoint {progress.CheckpointedPosition}) after {progress.FlagsRaised} flags; " +
            $"after the restart {resumed.FlagsRaised} written, {resumed.FlagsAlreadyRaised} found already raised; {flags.Count} flags");
        Assert.True(resumed.FlagsAlreadyRaised >= 1, "the flag written after the last checkpoint is found again");
        Assert.Equal(flags.Count, HaltedSupervisionFixture.HaltAfter + resumed.FlagsRaised);
    }

    private ISupervisionGrain Processor() =>
        fixture.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<ISupervisionGrain>(ISupervisionGrain.Key);
}
