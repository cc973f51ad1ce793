using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Registry;

/// <summary>A designated hospital. Hospital codes are national, so a code belongs to exactly one region.</summary>
public sealed class HospitalState : IEventSourcedState
{
    private readonly Dictionary<RequestKey, IStampedEvent> _requests = [];

    public long Version { get; private set; }
    public HospitalRegistered? Current { get; private set; }

    public IStampedEvent? FindRequest(RequestKey requestKey) => _requests.GetValueOrDefault(requestKey);

    public void Apply(IStampedEvent e)
    {
        if (e is not HospitalRegistered registered)
        {
            throw new InvariantViolationException($"a hospital stream holds no {e.GetType().Name} events");
        }
        Current = registered;
        _requests[e.Request.Key] = e;
        Version++;
    }
}
