using Clearinghouse.Domain.Supervision;

namespace Clearinghouse.Grains.Supervision;

/// <summary>
/// The recent visits of the persons the processor saw last, least recently used dropped first, so memory stays
/// bounded however many persons the clearinghouse serves; a person dropped is read again from their stream when
/// they next settle. Each person keeps their last <see cref="MaxVisitsPerPerson"/> visits, and of those only the ones
/// the visit being judged needs (its rules' lookback) or dated within <see cref="RetainedDays"/> of their newest. A
/// person's <see cref="Held.Horizon"/> says from which date their visits are all held; a visit that needs older ones
/// (one dated further back, or judged under a longer window) has the person read again.
/// </summary>
internal sealed class PersonVisits(int capacity, int visitCapacity)
{
    public const int MaxVisitsPerPerson = 1_000;

    /// <summary>
    /// How far before a person's newest visit their visits are kept beyond what the visit being judged needs: two
    /// months, so a visit sent up to a month late still finds its history held under the default 30-day windows.
    /// Every held visit carries its lines: two years of them for each held person doubled the host's memory and
    /// made much of its garbage collection, for visits the default rules never pair with a new one.
    /// </summary>
    public const int RetainedDays = 62;

    private readonly Dictionary<string, LinkedListNode<Held>> _byPerson = new(StringComparer.Ordinal);
    private readonly LinkedList<Held> _recency = new();

    /// <summary>Visits held over all persons: bounded by the visit capacity as well as persons by theirs, since one
    /// person may hold a thousand visits and another one.</summary>
    private int _visits;

    public int Count => _byPerson.Count;

    public int Visits => _visits;

    /// <summary>Whether the person is held at all (some of their visits may be older than it holds).</summary>
    public bool IsHeld(string personId) => _byPerson.ContainsKey(personId);

    /// <summary>The person's visits, or null when they are not held or may lack a visit dated from <paramref name="from"/>.</summary>
    public Held? Find(string personId, DateOnly from)
    {
        if (!_byPerson.TryGetValue(personId, out var node) || node.Value.Horizon > from)
        {
            return null;
        }
        _recency.Remove(node);
        _recency.AddFirst(node);
        return node.Value;
    }

    /// <summary>
    /// Holds a person's visits as read from their stream: all of them dated from <paramref name="keepFrom"/> on (what
    /// the visit being judged needs) or within <see cref="RetainedDays"/> of the newest.
    /// </summary>
    public Held Hold(string personId, List<SupervisedVisit> visits, DateOnly keepFrom)
    {
        if (_byPerson.TryGetValue(personId, out var held))
        {
            _recency.Remove(held);
            _visits -= held.Value.Visits.Count;
        }
        var person = new Held(personId, visits);
        person.Prune(keepFrom);
        var node = _recency.AddFirst(person);
        _byPerson[personId] = node;
        _visits += person.Visits.Count;
        LetGoBeyondCapacity();
        return person;
    }

    /// <summary>Adds a visit to a held person's (see <see cref="Held.Add"/>), keeping the count of visits held.</summary>
    public void Add(Held person, SupervisedVisit visit, DateOnly keepFrom)
    {
        var before = person.Visits.Count;
        person.Add(visit, keepFrom);
        if (_byPerson.TryGetValue(person.PersonId, out var node) && ReferenceEquals(node.Value, person))
        {
            _visits += person.Visits.Count - before;
            LetGoBeyondCapacity();
        }
    }

    /// <summary>Drops the least recently used persons beyond either capacity, but never the one used last.</summary>
    private void LetGoBeyondCapacity()
    {
        while ((_byPerson.Count > capacity || _visits > visitCapacity) && _recency.Count > 1 && _recency.Last is { } last)
        {
            _recency.RemoveLast();
            _byPerson.Remove(last.Value.PersonId);
            _visits -= last.Value.Visits.Count;
        }
    }

    /// <summary>Marks a visit of the list reversed, if it is there (one held, or one folded from a stream).</summary>
    public static void Reverse(List<SupervisedVisit> visits, string settlementId)
    {
        var index = visits.FindIndex(v => v.SettlementId == settlementId);
        if (index >= 0)
        {
            visits[index] = visits[index] with { Reversed = true };
        }
    }

    /// <summary>One person's held visits, in arrival order, complete from <see cref="Horizon"/> on.</summary>
    internal sealed class Held(string personId, List<SupervisedVisit> visits)
    {
        public string PersonId { get; } = personId;

        public List<SupervisedVisit> Visits { get; } = visits;

        /// <summary>Every visit of the person dated from here on is held (older ones may have been let go).</summary>
        public DateOnly Horizon { get; private set; } = DateOnly.MinValue;

        /// <summary>
        /// Adds a visit (once), dropping the oldest beyond the bound and those dated long before the newest, but none
        /// dated from <paramref name="keepFrom"/> (what the visit being judged needs).
        /// </summary>
        public void Add(SupervisedVisit visit, DateOnly keepFrom)
        {
            if (Visits.Exists(v => v.SettlementId == visit.SettlementId))
            {
                return;
            }
            Visits.Add(visit);
            Prune(keepFrom);
        }

        /// <summary>Marks a held visit reversed: the rules leave it out from then on.</summary>
        public void Reverse(string settlementId) => PersonVisits.Reverse(Visits, settlementId);

        /// <summary>Lets go of the earliest arrivals beyond the bound and the visits dated long before the newest.</summary>
        public void Prune(DateOnly keepFrom)
        {
            while (Visits.Count > MaxVisitsPerPerson)
            {
                Horizon = Max(Horizon, Visits[0].ServiceDate.AddDays(1));
                Visits.RemoveAt(0);
            }
            if (Visits.Count == 0)
            {
                return;
            }
            var newest = Visits.Max(v => v.ServiceDate);
            var cut = newest.AddDays(-RetainedDays);
            if (keepFrom < cut)
            {
                cut = keepFrom;
            }
            if (cut > Horizon && Visits.RemoveAll(v => v.ServiceDate < cut) > 0)
            {
                Horizon = cut;
            }
        }

        private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
    }
}
