using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Policies;

namespace Clearinghouse.Domain.Registry;

/// <summary>A pooling region: its name and its published policy versions, folded from its stream.</summary>
public sealed class RegionState : IEventSourcedState
{
    private readonly List<PolicyVersion> _policies = [];
    private readonly RequestIndex _requests = new();

    public long Version { get; private set; }
    public string? Code { get; private set; }
    public string? Name { get; private set; }
    public bool Exists => Code is not null;
    public IReadOnlyList<PolicyVersion> Policies => _policies;

    public long? FindRequest(RequestKey requestKey) => _requests.Find(requestKey);

    /// <summary>The version in force on a date: the latest one whose effective date is on or before it.</summary>
    public PolicyVersion? PolicyInForce(DateOnly date)
    {
        PolicyVersion? inForce = null;
        foreach (var policy in _policies)
        {
            if (policy.EffectiveFrom <= date)
            {
                inForce = policy;
            }
        }
        return inForce;
    }

    public void Apply(IStampedEvent e)
    {
        switch (e)
        {
            case RegionUpserted upserted:
                Code = upserted.RegionCode;
                Name = upserted.Name;
                break;
            case PolicyPublished published:
                _policies.Add(new PolicyVersion(published.RegionCode, published.Version, published.EffectiveFrom, published.Policy));
                break;
            default:
                throw new InvariantViolationException($"a region stream holds no {e.GetType().Name} events");
        }
        Version++;
        _requests.Add(e.Request.Key, Version);
    }
}
