using System.Collections.Immutable;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Accounts;
using Clearinghouse.Domain.Clearing;
using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Clearinghouse.Grains.Clearing;

/// <summary>
/// The accounts the clearing grain writes alone: each region's prepayment account ("prepayment:{region}") and the
/// clearing account ("clearing:000000"). It keeps their folded states beside the clearing stream's, so a close
/// commits its draws, the clearing account's booking, PeriodClosed and the statements in one transaction, and
/// deposits, withdrawals and executed transfers are serialised with closes (docs/accounts.md).
/// </summary>
public sealed partial class ClearingGrain
{
    private Dictionary<string, PrepaymentAccountState> _prepayments = new(StringComparer.Ordinal);
    private ClearingAccountState _clearingAccount = new();

    private async Task LoadAccounts(CancellationToken cancellationToken = default)
    {
        var prepayments = new Dictionary<string, PrepaymentAccountState>(StringComparer.Ordinal);
        var keys = State.PrepaymentAccounts.Select(StreamKeys.Prepayment).ToList();
        foreach (var (key, events) in await EventLog.ReadStreamsAsync(keys, cancellationToken))
        {
            var account = new PrepaymentAccountState();
            foreach (var e in events)
            {
                account.Apply(e);
            }
            prepayments[key[StreamKeys.PrepaymentPrefix.Length..]] = account;
        }
        var clearing = new ClearingAccountState();
        foreach (var e in await EventLog.ReadAsync(StreamKeys.ClearingAccount, cancellationToken))
        {
            clearing.Apply(e);
        }
        _prepayments = prepayments;
        _clearingAccount = clearing;
    }

    /// <summary>
    /// Stores from before the prepayment accounts kept deposits in the clearing stream: their balances move into the
    /// accounts once, by events (a marker on the clearing stream, the balance on each account, one transaction).
    /// </summary>
    private async Task CarryOverLegacyBalances()
    {
        if (State.CarriedOver || State.PrepaymentBalances.Count == 0)
        {
            return;
        }
        var stamp = new RequestStamp(ClearingAccount.Code, "carry-over-prepayments", "", clock.AcceptedNow(), RequestStamp.SystemActor);
        var balances = State.PrepaymentBalances
            .OrderBy(b => b.Key, StringComparer.Ordinal)
            .Select(b => new CarriedBalance(b.Key, b.Value))
            .ToImmutableArray();
        var carried = balances
            .Select(b => new PrepaymentCarriedOver(stamp, b.RegionCode, b.AmountFen, checked(Prepayment(b.RegionCode).BalanceFen + b.AmountFen)))
            .ToList();
        await CommitWith(
            [new PrepaymentsCarriedOver(stamp, balances)],
            [.. carried.Select(c => new StreamAppend(StreamKeys.Prepayment(c.RegionCode), Prepayment(c.RegionCode).Version, [c]))]);
        foreach (var c in carried)
        {
            ApplyTo(c.RegionCode, c);
        }
        logger.LogInformation("Carried the prepayment balances of {Regions} regions from the clearing stream into their accounts", carried.Count);
    }

    public Task<long> GetPrepaymentBalance(string regionCode) => Task.FromResult(Prepayment(regionCode).BalanceFen);

    public async Task<long> Deposit(DepositPrepayment command)
    {
        // A deposit made before the prepayment accounts sits in the clearing stream.
        var legacy = await Replay<PrepaymentDeposited>(command.RegionCode, command.RequestId, command.Fingerprint);
        var account = Prepayment(command.RegionCode);
        var earlier = legacy ?? await ReplayIn<PrepaymentDeposited>(
            StreamKeys.Prepayment(command.RegionCode), account, command.RegionCode, command.RequestId, command.Fingerprint);
        if (earlier is not null)
        {
            return earlier.BalanceAfterFen;
        }
        var stamp = RequestStamps.Of(command.RegionCode, command.RequestId, command.Fingerprint, clock.AcceptedNow());
        var deposited = PrepaymentMovements.Deposit(account, command.RegionCode, command.AmountFen, command.BankReference, stamp);
        var append = new StreamAppend(StreamKeys.Prepayment(command.RegionCode), account.Version, [deposited]);
        if (State.PrepaymentAccounts.Contains(command.RegionCode))
        {
            await Append([append]);
        }
        else
        {
            // The first deposit opens the account, which the clearing stream records in the same transaction, under a
            // request of its own. The deposit goes first: its request key, and a refusal of it, stay the deposit's.
            var opening = RequestStamps.Of(ClearingAccount.Code, "open-prepayment:" + command.RegionCode, "", stamp.AcceptedAt);
            var opened = new PrepaymentAccountOpened(opening, command.RegionCode);
            await Append([append, new StreamAppend(StreamKey, State.Version, [opened])]);
            State.Apply(opened);
        }
        ApplyTo(command.RegionCode, deposited);
        return deposited.BalanceAfterFen;
    }

    public async Task<long> Withdraw(WithdrawPrepayment command)
    {
        var account = Prepayment(command.RegionCode);
        var earlier = await ReplayIn<PrepaymentWithdrawn>(
            StreamKeys.Prepayment(command.RegionCode), account, command.RegionCode, command.RequestId, command.Fingerprint);
        if (earlier is not null)
        {
            return earlier.BalanceAfterFen;
        }
        var stamp = RequestStamps.Of(command.RegionCode, command.RequestId, command.Fingerprint, clock.AcceptedNow());
        var withdrawn = PrepaymentMovements.Withdraw(account, command.RegionCode, command.AmountFen, command.BankReference, command.Reason, stamp);
        await Append([new StreamAppend(StreamKeys.Prepayment(command.RegionCode), account.Version, [withdrawn])]);
        ApplyTo(command.RegionCode, withdrawn);
        return withdrawn.BalanceAfterFen;
    }

    public async Task<TransferView> MarkTransferExecuted(MarkTransferExecuted command)
    {
        // Request ids of executed transfers are the platform's, as those of closes.
        var earlier = await ReplayIn<TransferExecuted>(
            StreamKeys.ClearingAccount, _clearingAccount, ClearingAccount.Code, command.RequestId, command.Fingerprint);
        if (earlier is not null)
        {
            return new TransferView(earlier.TransferId, earlier.Transfer, _clearingAccount.FindExecution(earlier.TransferId));
        }
        var (period, index) = TransferIds.TryParse(command.TransferId)
            ?? throw new InvariantViolationException($"the API admits only transfer ids, not '{command.TransferId}'");
        var record = State.Find(period) ?? throw RejectedException.NotFound($"transfer {command.TransferId} does not exist: period {period} was never open");
        var closed = record.Closed ?? throw RejectedException.FailedPrecondition(
            $"period {period} is {record.Phase.ToString().ToLowerInvariant()}: its transfers are issued when it is closed");
        if (index >= closed.Transfers.Length)
        {
            throw RejectedException.NotFound($"transfer {command.TransferId} does not exist: period {period} has {closed.Transfers.Length} transfers");
        }
        var stamp = RequestStamps.Of(ClearingAccount.Code, command.RequestId, command.Fingerprint, clock.AcceptedNow());
        var executed = TransferExecutions.Execute(closed, index, _clearingAccount, command.BankReference, command.ExecutedAt, stamp.AcceptedAt, stamp);
        await Append([new StreamAppend(StreamKeys.ClearingAccount, _clearingAccount.Version, [executed])]);
        _clearingAccount.Apply(executed);
        return new TransferView(executed.TransferId, executed.Transfer, _clearingAccount.FindExecution(executed.TransferId));
    }

    public Task<ImmutableArray<TransferView>> GetTransfers(string period) =>
        Task.FromResult(State.Find(period)?.Closed is { } closed
            ? closed.Transfers.Select((t, i) => TransferIds.Of(period, i)).Zip(closed.Transfers)
                .Select(x => new TransferView(x.First, x.Second, _clearingAccount.FindExecution(x.First)))
                .ToImmutableArray()
            : []);

    public Task<AccountView?> GetAccount(AccountId accountId) => Task.FromResult<AccountView?>(BookOf(accountId).View(accountId));

    public Task<ImmutableArray<AccountEntry>> ListEntries(AccountId accountId, EntryWindow window) =>
        Task.FromResult(BookOf(accountId).Window(window));

    /// <summary>A region that never deposited holds an empty account (the API answers NOT_FOUND for a region that does not exist).</summary>
    private EntryBook BookOf(AccountId accountId) => accountId.Kind switch
    {
        AccountKind.Prepayment => Prepayment(accountId.Owner).Book,
        AccountKind.Clearing => _clearingAccount.Book,
        _ => throw new InvariantViolationException($"the clearing grain keeps no {accountId.Kind} accounts"),
    };

    private Dictionary<string, long> PrepaymentBalances() =>
        _prepayments.ToDictionary(p => p.Key, p => p.Value.BalanceFen, StringComparer.Ordinal);

    /// <summary>The region's account, or a new empty one (not kept until its first event commits).</summary>
    private PrepaymentAccountState Prepayment(string regionCode) => _prepayments.GetValueOrDefault(regionCode) ?? new PrepaymentAccountState();

    private void ApplyTo(string regionCode, IStampedEvent e)
    {
        var account = Prepayment(regionCode);
        account.Apply(e);
        _prepayments[regionCode] = account;
    }

    private IEnumerable<StreamAppend> BookingAppends(CloseBookings.Outcome bookings)
    {
        foreach (var drawn in bookings.Drawn)
        {
            yield return new StreamAppend(StreamKeys.Prepayment(drawn.RegionCode), Prepayment(drawn.RegionCode).Version, [drawn]);
        }
        if (bookings.Booked is { } booked)
        {
            yield return new StreamAppend(StreamKeys.ClearingAccount, _clearingAccount.Version, [booked]);
        }
    }

    private void ApplyBookings(CloseBookings.Outcome bookings)
    {
        foreach (var drawn in bookings.Drawn)
        {
            ApplyTo(drawn.RegionCode, drawn);
        }
        if (bookings.Booked is { } booked)
        {
            _clearingAccount.Apply(booked);
        }
    }
}
