using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Registry;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;

namespace Clearinghouse.Grains.Registry;

public sealed class HospitalGrain(IEventLog eventLog, BusinessClock clock) : EventSourcedGrain<HospitalState>(eventLog), IHospitalGrain
{
    private string HospitalCode => this.GetPrimaryKeyString();

    protected override string StreamKey => StreamKeys.Hospital(HospitalCode);

    public async Task<HospitalSnapshot> Register(RegisterHospital command)
    {
        if (await Replay<HospitalRegistered>(command.RegionCode, command.RequestId, command.Fingerprint) is null)
        {
            var current = State.Current;
            if (current is not null && current.RegionCode != command.RegionCode)
            {
                // Hospital codes are national: one code, one care region.
                throw RejectedException.AlreadyExists($"hospital {HospitalCode} is already registered to region {current.RegionCode}");
            }
            if (await GrainFactory.GetGrain<IRegionGrain>(command.RegionCode).Get() is null)
            {
                throw RejectedException.NotFound($"region {command.RegionCode} not found");
            }
            var stamp = RequestStamps.Of(command.RegionCode, command.RequestId, command.Fingerprint, clock.AcceptedNow());
            await Commit(new HospitalRegistered(stamp, HospitalCode, command.RegionCode, command.Name, command.Level));
        }
        return Snapshot()!;
    }

    public Task<HospitalSnapshot?> Get() => Task.FromResult(Snapshot());

    private HospitalSnapshot? Snapshot() =>
        State.Current is { } h ? new HospitalSnapshot(h.HospitalCode, h.RegionCode, h.Name, h.Level) : null;
}
