using System.Threading.Channels;
using Clearinghouse.Grains.Storage;
using Clearinghouse.Storage.ReadModels.Clearing;
using Npgsql;

namespace Clearinghouse.Host.Cluster;

/// <summary>
/// This silo's ear on the database: one connection that LISTENs on <see cref="PeriodNotices.Channel"/> and
/// hands every cut-off and close, whichever silo committed it, to the silo's <see cref="IPeriodNoticeHandler"/>s:
/// each handler gets them one at a time and in commit order, from a queue of its own, so a slow one (the
/// watch streams wait for the clearing grain) never holds up another (the open-period cache). Notices sent
/// while the connection is down are lost, so after every (re)connect the handlers catch up from what is
/// committed. Starts once the host has started, since the handlers call grains.
/// </summary>
public sealed class PeriodNoticeListener(
    string connectionString,
    IEnumerable<IPeriodNoticeHandler> handlers,
    IHostApplicationLifetime lifetime,
    ILogger<PeriodNoticeListener> logger) : BackgroundService
{
    /// <summary>How the listening session shows in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "clearinghouse-period-notices";

    private static readonly TimeSpan RetryDelayMin = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryDelayMax = TimeSpan.FromSeconds(5);

    // Doubles with each failed attempt to listen, back to the least once listening works.
    private TimeSpan _retryDelay = RetryDelayMin;

    /// <summary>Each handler's queue of notices; null stands for "catch up".</summary>
    private readonly IReadOnlyList<(IPeriodNoticeHandler Handler, Channel<PeriodNotice?> Queue)> _handlers = handlers
        .Select(h => (h, Channel.CreateUnbounded<PeriodNotice?>(new UnboundedChannelOptions { SingleReader = true })))
        .ToList();

    /// <summary>The listening connection: its own (not pooled, so LISTEN never leaks into a pooled session), kept alive by pings.</summary>
    private static string ListenerConnectionString(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            KeepAlive = 10,
            MaxAutoPrepare = 0,
            ApplicationName = ApplicationName,
        }.ConnectionString;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await Started(stoppingToken))
        {
            return;
        }
        var dispatch = Task.WhenAll(_handlers.Select(h => Dispatch(h.Handler, h.Queue.Reader, stoppingToken)));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Listen(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Lost the period notice connection; listening again in {Delay}", _retryDelay);
                try
                {
                    await Task.Delay(_retryDelay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                _retryDelay = TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, RetryDelayMax.Ticks));
            }
        }
        foreach (var (_, queue) in _handlers)
        {
            queue.Writer.TryComplete();
        }
        await dispatch;
    }

    private async Task Listen(CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(ListenerConnectionString(connectionString));
        connection.Notification += (_, e) =>
        {
            if (PeriodNotices.Parse(e.Payload) is { } notice)
            {
                Enqueue(notice);
            }
            else
            {
                logger.LogWarning("Ignored a period notice this version does not know: {Payload}", e.Payload);
            }
        };
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"listen {PeriodNotices.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }
        // After LISTEN: whatever commits from here on is heard, and what committed before is read.
        _retryDelay = RetryDelayMin;
        Enqueue(null);
        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    private void Enqueue(PeriodNotice? notice)
    {
        foreach (var (_, queue) in _handlers)
        {
            queue.Writer.TryWrite(notice);
        }
    }

    private async Task Dispatch(IPeriodNoticeHandler handler, ChannelReader<PeriodNotice?> queue, CancellationToken stoppingToken)
    {
        await foreach (var notice in queue.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await (notice switch
                {
                    null => handler.CatchUpAsync(stoppingToken),
                    { Kind: PeriodNotice.CutOff } => handler.PeriodCutOffAsync(notice.Period, notice.NextPeriod!),
                    _ => handler.PeriodClosedAsync(notice.Period),
                });
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A failure (e.g. the clearing grain unreachable for a moment) ends neither this handler's queue
                // nor the others': its next notice or catch-up tells it what it missed.
                logger.LogWarning(e, "{Handler} failed on a period notice ({Notice})", handler.GetType().Name, notice?.ToString() ?? "catch-up");
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: the silo is leaving.
            }
        }
    }

    private async Task<bool> Started(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}
