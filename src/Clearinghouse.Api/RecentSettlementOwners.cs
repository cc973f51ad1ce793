using System.Collections.Concurrent;
using Clearinghouse.Domain;

namespace Clearinghouse.Api;

/// <summary>
/// Whose grain owns each of the settlements this host accepted most recently, so that a reversal soon after
/// its settlement (a cashier's correction, the usual case) is routed without a ledger read. On this machine
/// a synchronous read costs PostgreSQL ~0.38 ms of CPU, as much as a few settlements' events
/// (docs/performance.md, session 9). A settlement's owner never changes, so an entry needs no invalidation;
/// it is only a routing hint, as the person's grain still checks the settlement against its own stream. A
/// miss (an older settlement, another host's) reads the ledger. Bounded: the oldest entries leave first.
/// </summary>
public sealed class RecentSettlementOwners
{
    /// <summary>About 15 MB when full: 100,000 settlement ids and references to their owners' ids.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _arrivals = new();

    public RecentSettlementOwners(int capacity = DefaultCapacity)
    {
        Invariant.Require(capacity > 0, "the owners' cache holds at least one settlement");
        _capacity = capacity;
    }

    /// <summary>Call only with an accepted (committed) settlement.</summary>
    public void Remember(string settlementId, string personId)
    {
        if (!_owners.TryAdd(settlementId, personId))
        {
            return;
        }
        _arrivals.Enqueue(settlementId);
        while (_owners.Count > _capacity && _arrivals.TryDequeue(out var oldest))
        {
            _owners.TryRemove(oldest, out _);
        }
    }

    /// <summary>The owner if this host accepted the settlement recently; null means "ask the ledger".</summary>
    public string? Find(string settlementId) => _owners.GetValueOrDefault(settlementId);

    public int Count => _owners.Count;
}
