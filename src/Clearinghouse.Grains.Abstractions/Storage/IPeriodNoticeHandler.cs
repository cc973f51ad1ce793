namespace Clearinghouse.Grains.Storage;

/// <summary>
/// A part of a silo that must hear of cut-offs and closes committed by any silo on the database (the open
/// period cache, the WatchPeriods streams). The silo's listener calls its handlers one notice at a time.
/// </summary>
public interface IPeriodNoticeHandler
{
    /// <summary><paramref name="period"/> was cut off: <paramref name="nextPeriod"/> takes intake now.</summary>
    Task PeriodCutOffAsync(string period, string nextPeriod);

    /// <summary><paramref name="period"/> was closed: its statements are committed.</summary>
    Task PeriodClosedAsync(string period);

    /// <summary>
    /// The listener has just (re)started listening and may have missed notices before: catch up from what
    /// is committed. The first call comes before any notice.
    /// </summary>
    Task CatchUpAsync(CancellationToken cancellationToken);
}
