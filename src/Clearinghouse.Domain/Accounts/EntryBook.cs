using System.Collections.Immutable;
using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Accounts;

/// <summary>
/// An account's entries in booking order and the balance they add up to. Every entry names the event that booked
/// it, and each is checked against the balance its event states, so a stream that disagrees with its own figures
/// fails to load rather than answering a wrong balance.
/// </summary>
public sealed class EntryBook
{
    private readonly List<AccountEntry> _entries = [];

    public long BalanceFen { get; private set; }

    public IReadOnlyList<AccountEntry> Entries => _entries;

    /// <summary>Books one movement; <paramref name="balanceAfterFen"/> is what its event says the balance becomes.</summary>
    public void Book(IStampedEvent e, EntryCause cause, string causeId, long amountFen, long balanceAfterFen, string bankReference = "")
    {
        var after = checked(BalanceFen + amountFen);
        Invariant.Require(after == balanceAfterFen, $"an entry's balance after ({balanceAfterFen}) is the balance before plus its amount ({after})");
        _entries.Add(new AccountEntry(_entries.Count + 1, cause, causeId, amountFen, after, e.Request.Actor, e.Request.AcceptedAt, bankReference, 1));
        BalanceFen = after;
    }

    public AccountView View(AccountId id) =>
        new(id.ToString(), BalanceFen, _entries.Count > 0 ? _entries[^1].BookedAt : null, _entries.Count, 0, 0);

    /// <summary>The entries a listing asks for, in booking order.</summary>
    public ImmutableArray<AccountEntry> Window(EntryWindow window) => Select(_entries, window);

    public static ImmutableArray<AccountEntry> Select(IEnumerable<AccountEntry> entries, EntryWindow window)
    {
        Invariant.Require(window.Limit > 0, "a listing asks for at least one entry");
        return [.. entries
            .Where(x => x.Sequence > window.AfterSequence)
            .Where(x => window.From is not { } from || x.BookedAt >= from)
            .Where(x => window.To is not { } to || x.BookedAt < to)
            .Take(window.Limit)];
    }
}
