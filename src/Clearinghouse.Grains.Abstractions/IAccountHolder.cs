using System.Collections.Immutable;
using Clearinghouse.Domain.Accounts;
using Orleans.Concurrency;

namespace Clearinghouse.Grains.Abstractions;

/// <summary>
/// What every grain that keeps accounts answers about one of them (AccountService reads through it). A grain
/// that keeps one account ignores <paramref name="accountId"/>'s owner; the clearing grain keeps the clearing
/// account and every prepayment account.
/// </summary>
public interface IAccountHolder
{
    /// <summary>Null when the account does not exist (a region or person never created).</summary>
    [AlwaysInterleave]
    Task<AccountView?> GetAccount(AccountId accountId);

    /// <summary>Entries in booking order; empty for an account that does not exist.</summary>
    [AlwaysInterleave]
    Task<ImmutableArray<AccountEntry>> ListEntries(AccountId accountId, EntryWindow window);
}

/// <summary>
/// One of a region's funds, keyed by its account id: "pooled:&lt;region&gt;" (统筹基金), "serious:&lt;region&gt;"
/// (大病保险) or "assistance:&lt;region&gt;" (医疗救助); see <see cref="FundKinds.Account"/>. It books the fund's part of
/// contributions, its payments and their reversals for the region's insured people in batches, never on the
/// settlement path: see docs/accounts.md.
/// </summary>
public interface IFundAccountGrain : IGrainWithStringKey, IAccountHolder
{
    /// <summary>Books everything committed so far and not yet booked; returns the account after it.</summary>
    Task<AccountView> BookCommitted();

    /// <summary>
    /// Books what is committed, unless this activation booked or looked less than half of
    /// <paramref name="interval"/> ago: every silo's sweep calls it each interval, and one booking per fund
    /// and interval is enough. Nothing for a region that does not exist.
    /// </summary>
    Task BookDue(TimeSpan interval);
}
