using System.Collections.Immutable;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Accounts;

namespace Clearinghouse.Grains.Persons;

/// <summary>
/// The person's personal account as AccountService reads it. Read from the person's stream on demand, never folded on
/// the settlement path: the state keeps only the balance settling needs.
/// </summary>
public sealed partial class PersonGrain
{
    public async Task<AccountView?> GetAccount(AccountId accountId) =>
        await ReadAccount(accountId) is { } book ? book.View(accountId) : null;

    public async Task<ImmutableArray<AccountEntry>> ListEntries(AccountId accountId, EntryWindow window) =>
        await ReadAccount(accountId) is { } book ? book.Window(window) : [];

    /// <summary>Null when the person was never enrolled.</summary>
    private async Task<EntryBook?> ReadAccount(AccountId accountId)
    {
        Invariant.Require(accountId.Kind == AccountKind.Personal && accountId.Owner == PersonId, "the person grain keeps its own personal account");
        if (!State.IsEnrolled)
        {
            return null;
        }
        var events = await EventLog.ReadAsync(StreamKey);
        var book = PersonalAccountEntries.Of(events);
        // A settlement committed while the stream was read moves the state on; when none did, the two agree.
        Invariant.Require(events.Count != State.Version || book.BalanceFen == State.AccountBalanceFen,
            "the personal account's entries add up to the person's account balance");
        return book;
    }
}
