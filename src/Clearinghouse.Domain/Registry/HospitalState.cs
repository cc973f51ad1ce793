using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Registry;

/// <summary>A designated hospital. Hospital codes are national, so a code belongs to exactly one region.</summary>
public sealed class HospitalState : IEventSourcedState
{
    private readonly RequestIndex _requests = new();

    public long Version { get; private set; }
    public HospitalRegistered? Current { get; private set; }

    public long? FindRequest(RequestKey requestKey) => _requests.Find(requestKey);

    public void Apply(IStampedEvent e)
    {
        if (e is not HospitalRegistered registered)
        {
            throw new InvariantViolationException($"a hospital stream holds no {e.GetType().Name} events");
        }
        Current = registered;
        Version++;
        _requests.Add(e.Request.Key, Version);
    }
}
