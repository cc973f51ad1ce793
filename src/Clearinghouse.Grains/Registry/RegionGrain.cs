using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Registry;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;

namespace Clearinghouse.Grains.Registry;

public sealed class RegionGrain(IEventLog eventLog, BusinessClock clock) : EventSourcedGrain<RegionState>(eventLog), IRegionGrain
{
    private string RegionCode => this.GetPrimaryKeyString();

    protected override string StreamKey => StreamKeys.Region(RegionCode);

    public async Task<RegionSnapshot> Upsert(UpsertRegion command)
    {
        if (await Replay<RegionUpserted>(RegionCode, command.RequestId, command.Fingerprint) is null)
        {
            await Commit(new RegionUpserted(Stamp(command.RequestId, command.Fingerprint), RegionCode, command.Name));
        }
        return Snapshot()!;
    }

    public async Task<PolicyVersion> PublishPolicy(PublishPolicy command)
    {
        var earlier = await Replay<PolicyPublished>(RegionCode, command.RequestId, command.Fingerprint);
        if (earlier is not null)
        {
            return ToVersion(earlier);
        }
        RequireExists();
        // The same validator the gRPC edge runs: a grain called by anything else still refuses a bad policy.
        PolicyValidator.Validate(command.Policy);
        // Versions are never edited and never start in the past: what was in force on a past date stays
        // what it was. The first version alone may start in the past (the region brings its policy along).
        PolicyValidator.ValidateEffectiveFrom(command.EffectiveFrom, State.Policies.Count > 0 ? State.Policies[^1] : null, clock.GetUtcNow());
        var published = new PolicyPublished(
            Stamp(command.RequestId, command.Fingerprint), RegionCode, State.Policies.Count + 1, command.EffectiveFrom, command.Policy);
        await Commit(published);
        return ToVersion(published);
    }

    public Task<RegionSnapshot?> Get() => Task.FromResult(Snapshot());

    public Task<PolicyVersion?> PolicyInForce(DateOnly serviceDate) => Task.FromResult(State.PolicyInForce(serviceDate));

    private void RequireExists()
    {
        if (!State.Exists)
        {
            throw RejectedException.NotFound($"region {RegionCode} not found");
        }
    }

    private RegionSnapshot? Snapshot() =>
        State.Exists ? new RegionSnapshot(State.Code!, State.Name!, [.. State.Policies]) : null;

    private static PolicyVersion ToVersion(PolicyPublished e) => new(e.RegionCode, e.Version, e.EffectiveFrom, e.Policy);

    private RequestStamp Stamp(string requestId, string fingerprint) => RequestStamps.Of(RegionCode, requestId, fingerprint, clock.AcceptedNow());
}
