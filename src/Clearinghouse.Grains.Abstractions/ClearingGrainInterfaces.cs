using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Clearinghouse.Grains.Abstractions;

/// <summary>
/// The clearing aggregate (one per cluster, key 0): the open period, prepayment balances, and period
/// close. Deposits and closes are rare and serialised here; settlements never call it (they read the
/// open period from the grains' open-period cache).
/// </summary>
public interface IClearingGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>How long a period observer's subscription lasts; a subscriber renews it well before then.</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(2);

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

    /// <summary>
    /// Nets the whole period before it answers: seconds for a million settlements, so the call may take
    /// far longer than Orleans' default 30 s response timeout on a big province.
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task<PeriodView> Close(ClosePeriod command);

    /// <summary>Notices of closes, for a host's <c>WatchPeriods</c> streams. Subscriptions expire: renew them.</summary>
    [AlwaysInterleave]
    Task Subscribe(IPeriodObserver observer);
}

/// <summary>Told when a period is closed and its statements are ready.</summary>
public interface IPeriodObserver : IGrainObserver
{
    [OneWay]
    Task PeriodClosed(PeriodView period);
}

/// <summary>A region's statement of one period (key: "{period}:{region}").</summary>
public interface IStatementGrain : IGrainWithStringKey
{
    /// <summary>Null until the period is closed, or when the region got no statement.</summary>
    Task<StatementView?> Get();

    Task<StatementView> Confirm(ConfirmStatement command);

    public static string KeyOf(string period, string regionCode) => period + ":" + regionCode;
}
