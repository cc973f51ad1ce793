using Clearinghouse.Grains.Abstractions;
using Microsoft.Extensions.Options;

namespace Clearinghouse.Host.Supervision;

/// <summary>
/// Asks the cluster's one supervision processor (<see cref="ISupervisionGrain"/>) to catch up, once a poll
/// interval. Each silo runs one, as each runs a pooled booking sweep: the grain's single activation serialises
/// them, so a cluster keeps supervising whichever silos are up. A failed call is logged and tried at the next tick.
/// Registered after the silo, so the host stops it before the silo (hosted services stop in reverse order): a stop
/// asks the call in progress to end between two events (<see cref="ISupervisionGrain.StopCurrentCall"/>) and waits
/// for it, so the processor never works on while the silo it writes through leaves.
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
        var run = new SupervisionRun(1_000, settings.MaxEventsPerCall, settings.CheckpointInterval, settings.PersonCapacity, haltAfterFlags, settings.YieldAtHeapPercent, VisitCapacity: settings.VisitCapacity);
        var processor = grains.GetGrain<ISupervisionGrain>(ISupervisionGrain.Key);
        using var timer = new PeriodicTimer(settings.PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var call = processor.Process(run);
                try
                {
                    await call.WaitAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    // The host stops: the call is asked to end between two events and waited for, not abandoned,
                    // so it raises no flag through a silo that is leaving.
                    await EndAsync(processor, call);
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

    private async Task EndAsync(ISupervisionGrain processor, Task call)
    {
        try
        {
            await processor.StopCurrentCall();
            await call;
        }
        catch (Exception e)
        {
            // What the call did not finish is read again after the restart.
            LogStoppedDuringCall(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fund supervision's call ended with the host's stop; it resumes after the restart")]
    private static partial void LogStoppedDuringCall(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fund supervision failed to catch up; it tries again at the next tick")]
    private static partial void LogProcessFailed(ILogger logger, Exception exception);
}
