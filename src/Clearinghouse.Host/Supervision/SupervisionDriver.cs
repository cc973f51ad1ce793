using Clearinghouse.Grains.Abstractions;
using Microsoft.Extensions.Options;

namespace Clearinghouse.Host.Supervision;

/// <summary>
/// Asks the cluster's one supervision processor (<see cref="ISupervisionGrain"/>) to catch up, once a poll
/// interval. Each silo runs one, as each runs a pooled booking sweep: the grain's single activation serialises
/// them, so a cluster keeps supervising whichever silos are up. A failed call is logged and tried at the next tick.
/// Registered after the silo, so the host stops it before the silo (hosted services stop in reverse order): a stop
/// cancels the call in progress, which ends between two events, and waits for it, so the processor never works on
/// while the silo it writes through leaves.
/// </summary>
public sealed partial class SupervisionDriver(
    IGrainFactory grains, IHostApplicationLifetime lifetime, IOptions<SupervisionOptions> options, ILogger<SupervisionDriver> logger, int haltAfterFlags)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || settings.PollInterval <= TimeSpan.Zero)
        {
            return;
        }
        // Not before the silo serves: a call placed while it starts finds no silo to activate the grain on.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var run = new SupervisionRun(1_000, settings.MaxEventsPerCall, settings.CheckpointInterval, settings.PersonCapacity, haltAfterFlags);
        var processor = grains.GetGrain<ISupervisionGrain>(ISupervisionGrain.Key);
        using var timer = new PeriodicTimer(settings.PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    // The stop's token goes to the grain, which ends the call between two events: awaited, not abandoned.
                    await processor.Process(run, stoppingToken);
                }
                catch (Exception e) when (stoppingToken.IsCancellationRequested)
                {
                    // The call ended with the stop (cancelled, or the silo already leaving): what it did not finish
                    // is read again after the restart.
                    if (e is not OperationCanceledException)
                    {
                        LogStoppedDuringCall(logger, e);
                    }
                    return;
                }
                catch (Exception e)
                {
                    LogProcessFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped while waiting for the next tick.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fund supervision's call ended with the host's stop; it resumes after the restart")]
    private static partial void LogStoppedDuringCall(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fund supervision failed to catch up; it tries again at the next tick")]
    private static partial void LogProcessFailed(ILogger logger, Exception exception);
}
