using Clearinghouse.Domain.Supervision;

namespace Clearinghouse.Grains.Supervision;

/// <summary>
/// The recent visits of the persons the processor saw last, least recently used dropped first, so memory stays
/// bounded however many persons the clearinghouse serves; a person dropped is read again from their stream when
/// they next settle. Each person keeps their last <see cref="MaxVisitsPerPerson"/> visits: the rules' windows are
/// at most a year, and an ordinary person has far fewer visits in one.
/// </summary>
internal sealed class PersonVisits(int capacity)
{
    public const int MaxVisitsPerPerson = 1_000;

    private readonly Dictionary<string, LinkedListNode<(string PersonId, List<SupervisedVisit> Visits)>> _byPerson = new(StringComparer.Ordinal);
    private readonly LinkedList<(string PersonId, List<SupervisedVisit> Visits)> _recency = new();

    public int Count => _byPerson.Count;

    /// <summary>The person's visits, or null when they are not held (never seen, or dropped).</summary>
    public List<SupervisedVisit>? Find(string personId)
    {
        if (!_byPerson.TryGetValue(personId, out var node))
        {
            return null;
        }
        _recency.Remove(node);
        _recency.AddFirst(node);
        return node.Value.Visits;
    }

    public List<SupervisedVisit> Hold(string personId, List<SupervisedVisit> visits)
    {
        if (_byPerson.TryGetValue(personId, out var held))
        {
            _recency.Remove(held);
        }
        var node = _recency.AddFirst((personId, visits));
        _byPerson[personId] = node;
        while (_byPerson.Count > capacity && _recency.Last is { } last)
        {
            _recency.RemoveLast();
            _byPerson.Remove(last.Value.PersonId);
        }
        return visits;
    }

    /// <summary>Adds a visit (once), dropping the oldest beyond the bound.</summary>
    public static void Add(List<SupervisedVisit> visits, SupervisedVisit visit)
    {
        if (visits.Exists(v => v.SettlementId == visit.SettlementId))
        {
            return;
        }
        visits.Add(visit);
        if (visits.Count > MaxVisitsPerPerson)
        {
            visits.RemoveAt(0);
        }
    }

    /// <summary>Marks a held visit reversed: the rules leave it out from then on.</summary>
    public static void Reverse(List<SupervisedVisit> visits, string settlementId)
    {
        var index = visits.FindIndex(v => v.SettlementId == settlementId);
        if (index >= 0)
        {
            visits[index] = visits[index] with { Reversed = true };
        }
    }
}
