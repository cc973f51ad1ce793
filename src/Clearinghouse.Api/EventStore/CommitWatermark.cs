using Clearinghouse.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Clearinghouse.Api.EventStore;

/// <summary>
/// The highest committed position, for live subscriptions: while at least one subscription waits, one loop per
/// host reads it every <see cref="Interval"/> (a probe of the audit trail's primary key) and wakes the waiters
/// when it moves. Polling keeps the write path as it is: a NOTIFY per commit would add work to every commit
/// transaction and take PostgreSQL's global notify lock at each commit, serializing the writers, whereas one probe
/// per interval costs the same at ten settlements a second as at ten thousand (docs/eventstore-protocol.md).
/// </summary>
public sealed class CommitWatermark(IEventFeed feed, ILogger<CommitWatermark> logger)
{
    /// <summary>How often the position is read while anyone waits: the bound on a live event's added delay.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private TaskCompletionSource _moved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _position;
    private int _waiters;
    private bool _polling;

    /// <summary>Waits until an event commits above <paramref name="position"/>; returns the new highest position.</summary>
    public async Task<long> WaitBeyondAsync(long position, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _waiters++;
            if (!_polling)
            {
                _polling = true;
                _ = Task.Run(PollAsync, CancellationToken.None);
            }
        }
        try
        {
            while (true)
            {
                Task moved;
                lock (_gate)
                {
                    if (_position > position)
                    {
                        return _position;
                    }
                    moved = _moved.Task;
                }
                await moved.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            lock (_gate)
            {
                _waiters--;
            }
        }
    }

    private async Task PollAsync()
    {
        while (true)
        {
            lock (_gate)
            {
                if (_waiters == 0)
                {
                    _polling = false;
                    return;
                }
            }
            var failed = false;
            try
            {
                var last = await feed.LastPositionAsync();
                lock (_gate)
                {
                    if (last > _position)
                    {
                        _position = last;
                        _moved.TrySetResult();
                        _moved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }
            }
            catch (Exception e)
            {
                // The database is away: subscriptions wait, and the next probe tries again.
                logger.LogWarning(e, "reading the highest committed position for live subscriptions failed");
                failed = true;
            }
            // After a failure, once a second rather than twenty times: one warning a second is enough to read.
            await Task.Delay(failed ? TimeSpan.FromSeconds(1) : Interval);
        }
    }
}
