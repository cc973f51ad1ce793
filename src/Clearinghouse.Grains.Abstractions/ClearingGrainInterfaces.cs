using System.Collections.Immutable;
using Clearinghouse.Domain.Accounts;
using Clearinghouse.Domain.Clearing;
using Orleans.Concurrency;

namespace Clearinghouse.Grains.Abstractions;

/// <summary>
/// The clearing aggregate (one per cluster, key 0): the open period, period close, and the only writer of the
/// prepayment accounts and the clearing account (docs/accounts.md). Deposits, withdrawals, closes and executed
/// transfers are rare and serialised here; settlements never call it (they read the open period from the grains'
/// open-period cache).
/// </summary>
public interface IClearingGrain : IGrainWithIntegerKey, IAccountHolder
{
    public const long Key = 0;

    /// <summary>Answers at once, even while a close is being netted.</summary>
    [AlwaysInterleave]
    Task<string> GetOpenPeriod();

    /// <summary>Null for a period that was never opened.</summary>
    [AlwaysInterleave]
    Task<PeriodView?> GetPeriod(string period);

    /// <summary>Closed periods after the given one (all when empty), in closing order.</summary>
    [AlwaysInterleave]
    Task<ImmutableArray<PeriodView>> ClosedAfter(string period);

    [AlwaysInterleave]
    Task<long> GetPrepaymentBalance(string regionCode);

    /// <returns>The balance after the deposit.</returns>
    Task<long> Deposit(DepositPrepayment command);

    /// <returns>The balance after the withdrawal.</returns>
    Task<long> Withdraw(WithdrawPrepayment command);

    /// <summary>Marks a closed period's amount due or payout executed by the bank.</summary>
    Task<TransferView> MarkTransferExecuted(MarkTransferExecuted command);

    /// <summary>A closed period's transfers with their ids and execution; empty for a period not closed.</summary>
    [AlwaysInterleave]
    Task<ImmutableArray<TransferView>> GetTransfers(string period);

    /// <summary>
    /// Nets the whole period before it answers: seconds for a million settlements, so the call may take
    /// far longer than Orleans' default 30 s response timeout on a big province.
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task<PeriodView> Close(ClosePeriod command);

    /// <summary>
    /// <see cref="ClosedAfter"/> answered in turn, after the close or deposit in progress: a silo told of a
    /// close by the database (which tells at commit, before the grain has applied it) finds it here. An
    /// activation that does not know <paramref name="noticed"/> as closed (empty: a catch-up, which may
    /// follow anything) reads its stream again first: another activation may have written it.
    /// </summary>
    Task<ImmutableArray<PeriodView>> ClosedAfterInTurn(string period, string noticed);
}

/// <summary>A region's statement of one period (key: "{period}:{region}").</summary>
public interface IStatementGrain : IGrainWithStringKey
{
    /// <summary>Null until the period is closed, or when the region got no statement.</summary>
    Task<StatementView?> Get();

    Task<StatementView> Confirm(ConfirmStatement command);

    public static string KeyOf(string period, string regionCode) => period + ":" + regionCode;
}

/// <summary>A transfer of a closed period: its stable id ("YYYY-MM/NNN"), and how it was executed (null: pending).</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.transfer_view.v1")]
public sealed record TransferView([property: Id(0)] string TransferId, [property: Id(1)] Transfer Transfer, [property: Id(2)] TransferExecution? Execution);
