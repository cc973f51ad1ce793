using System.Collections.Immutable;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Accounts;
using Clearinghouse.Domain.Clearing;
using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;

namespace Clearinghouse.Grains.Accounts;

/// <summary>
/// One of a region's funds (key and stream: its account id, "pooled:&lt;region&gt;", "serious:&lt;region&gt;" or
/// "assistance:&lt;region&gt;"; one class serves the three). No settlement calls it: it books, in
/// one event, whatever the ledger committed for the region's insured people since its last booking, when asked
/// (BookCommitted) or when a silo's sweep finds it due. Reads interleave with a booking, so each works from the
/// state it captured before it awaited.
/// </summary>
public sealed class FundAccountGrain(IEventLog eventLog, IPooledFundQueries ledger, BusinessClock clock)
    : EventSourcedGrain<FundAccountState>(eventLog), IFundAccountGrain
{
    private DateTimeOffset? _lastLook;

    private AccountId Id => AccountId.TryParse(this.GetPrimaryKeyString(), out var error) is { } id && FundKinds.Of(id.Kind) is not null
        ? id
        : throw new InvariantViolationException($"a fund grain is keyed by a fund's account id, not \"{this.GetPrimaryKeyString()}\" ({error})");

    private FundKind Fund => FundKinds.Of(Id.Kind)!.Value;

    private string RegionCode => Id.Owner;

    protected override string StreamKey => Id.ToString();

    public async Task<AccountView?> GetAccount(AccountId accountId)
    {
        var state = State;
        var (through, period, version) = (state.ThroughSequence, state.ThroughPeriod, state.Version);
        if (version == 0 && !await RegionExists())
        {
            return null;
        }
        var unbooked = await ledger.SumAsync(Fund, RegionCode, through, null, period);
        // A booking that committed meanwhile moved the state on: the unbooked figures belong to the one read before.
        return state.Version == version ? state.View(Fund, RegionCode, unbooked) : await GetAccount(accountId);
    }

    public Task<ImmutableArray<AccountEntry>> ListEntries(AccountId accountId, EntryWindow window) =>
        Task.FromResult(State.Entries(window));

    public async Task<AccountView> BookCommitted()
    {
        if (State.Version == 0 && !await RegionExists())
        {
            throw RejectedException.NotFound($"region {RegionCode} does not exist");
        }
        await Book();
        return (await GetAccount(Id))!;
    }

    public async Task BookDue(TimeSpan interval)
    {
        var now = clock.GetUtcNow();
        if (_lastLook is { } last && now - last < interval / 2)
        {
            return;
        }
        if (State.Version == 0 && !await RegionExists())
        {
            return;
        }
        await Book();
    }

    /// <summary>
    /// Reads the ledger's horizon, sums the region's rows between the last booked number and it, and books them
    /// as one event (none when they moved nothing). Calls that book do not interleave, so the range is this
    /// activation's next one; another writer of the stream would fail the append on its version.
    /// </summary>
    private async Task Book()
    {
        _lastLook = clock.GetUtcNow();
        var horizon = await ledger.ReadHorizonAsync();
        if (horizon.ThroughSequence == State.ThroughSequence)
        {
            return;
        }
        var movements = await ledger.SumAsync(Fund, RegionCode, State.ThroughSequence, horizon.ThroughSequence, State.ThroughPeriod);
        // Scoped to the platform ("000000"), as the clearinghouse's own work is; the fund's prefix and the range
        // make the request id unique ("pooled-booking:110101:42", as the pooled fund's always were).
        var stamp = new RequestStamp(
            ClearingAccount.Code, $"{Id.Prefix}-booking:{RegionCode}:{horizon.ThroughSequence}", "",
            clock.AcceptedNow(), RequestStamp.SystemActor);
        if (State.Book(stamp, Fund, RegionCode, horizon.ThroughSequence, horizon.OpenPeriod, movements) is { } booked)
        {
            await Commit(booked);
        }
    }

    private async Task<bool> RegionExists() => await GrainFactory.GetGrain<IRegionGrain>(RegionCode).Get() is not null;
}
