using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Supervision;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;

namespace Clearinghouse.Grains.Supervision;

/// <summary>
/// One flag's stream ("flag:{id}"). Raised at expected version 0, so the same finding found twice (a restart
/// between a flag and the next checkpoint) writes nothing the second time. Officers' resolutions share one request
/// id scope (<see cref="FlagIds.Scope"/>) whatever the flag's regions, so one request id names one resolution.
/// </summary>
public sealed class FlagGrain(IEventLog eventLog, BusinessClock clock) : EventSourcedGrain<FlagState>(eventLog), IFlagGrain
{
    protected override string StreamKey => FlagIds.Stream(this.GetPrimaryKeyString());

    public Task<FlagView?> Get() => Task.FromResult(State.View());

    public async Task<bool> Raise(SettlementFlagged flagged)
    {
        Invariant.Require(flagged.FlagId == this.GetPrimaryKeyString(), "a flag is raised on its own grain");
        if (State.Flagged is not null)
        {
            return false;
        }
        try
        {
            await Commit(flagged);
            // An officer may take days to look at it: until then the activation would only hold memory, and the
            // processor raises hundreds a second under a busy intake.
            DeactivateOnIdle();
            return true;
        }
        catch (Exception e) when (e is StreamConflictException or RejectedException)
        {
            // Another writer wrote it first (its stream moved on, or its request key, the flag id, is taken): read
            // the stream afresh at the next call.
            DeactivateOnIdle();
            return false;
        }
    }

    public async Task<FlagView> Resolve(ResolveFlag command)
    {
        var flagged = State.Flagged ?? throw RejectedException.NotFound($"flag {this.GetPrimaryKeyString()} not found");
        const string scope = FlagIds.Scope;
        var earlier = await Replay<FlagResolved>(scope, command.RequestId, command.Fingerprint);
        if (earlier is not null)
        {
            return State.View()!;
        }
        if (State.Resolution is { } resolution)
        {
            throw RejectedException.FailedPrecondition(
                $"flag {flagged.FlagId} was already resolved ({Wire(resolution.Resolution)} by {resolution.Officer}); a resolution is final");
        }
        if (command.RequestReversal && command.Resolution != FlagResolution.Confirmed)
        {
            throw RejectedException.InvalidArgument("request_reversal is only for a confirmed flag");
        }
        var stamp = RequestStamps.Of(scope, command.RequestId, command.Fingerprint, clock.AcceptedNow());
        await Commit(new FlagResolved(stamp, flagged.FlagId, command.Resolution, command.Note, command.Officer, command.RequestReversal, flagged.Parties));
        return State.View()!;
    }

    private static string Wire(FlagResolution resolution) => resolution == FlagResolution.Confirmed ? "confirmed" : "false positive";
}
