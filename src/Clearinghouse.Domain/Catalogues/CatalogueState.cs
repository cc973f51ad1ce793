using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Catalogues;

/// <summary>
/// A care region's catalogue versions, folded from its stream ("catalogue:{region}"): the headers only. The items
/// of each version live in the version's own stream and are read by whoever needs them (<c>ICatalogues</c>).
/// </summary>
public sealed class CatalogueState : IEventSourcedState
{
    private readonly List<CatalogueVersionInfo> _versions = [];
    private readonly RequestIndex _requests = new();

    public long Version { get; private set; }

    /// <summary>Oldest first; effective dates strictly increase with the version.</summary>
    public IReadOnlyList<CatalogueVersionInfo> Versions => _versions;

    public CatalogueVersionInfo? Latest => _versions.Count > 0 ? _versions[^1] : null;

    public long? FindRequest(RequestKey requestKey) => _requests.Find(requestKey);

    /// <summary>
    /// The version in force on a date: the latest whose effective date is on or before it. Searched from the newest,
    /// since settlements mostly name recent dates; allocates nothing.
    /// </summary>
    public CatalogueVersionInfo? InForce(DateOnly date)
    {
        for (var i = _versions.Count - 1; i >= 0; i--)
        {
            if (_versions[i].EffectiveFrom <= date)
            {
                return _versions[i];
            }
        }
        return null;
    }

    public void Apply(IStampedEvent e)
    {
        switch (e)
        {
            case CataloguePublished published:
                _versions.Add(published.ToInfo());
                break;
            default:
                throw new InvariantViolationException($"a catalogue stream holds no {e.GetType().Name} events");
        }
        Version++;
        _requests.Add(e.Request.Key, Version);
    }
}
