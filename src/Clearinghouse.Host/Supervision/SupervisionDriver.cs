using Clearinghouse.Grains.Abstractions;
using Microsoft.Extensions.Options;

namespace Clearinghouse.Host.Supervision;

/// <summary>
/// Asks the cluster's one supervision processor (<see cref="ISupervisionGrain"/>) to catch up, once a poll
/// interval. Each silo runs one, as each runs a pooled booking sweep: the grain's single activation serialises
/// them, so a cluster keeps supervising whichever silos are up. A failed call is logged and tried at the next tick.
/// </summary>
public sealed partial class SupervisionDriver(
    IGrainFactory grains, IHostApplicationLifetime lifetime, IOptions<SupervisionOptions> options, ILogger<SupervisionDriver> logger)
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
            await started.Task.WaitAsync(stoppingToken);
        }
        var run = new SupervisionRun(1_000, settings.MaxEventsPerCall, settings.CheckpointInterval, settings.PersonCapacity);
        var processor = grains.GetGrain<ISupervisionGrain>(ISupervisionGrain.Key);
        using var timer = new PeriodicTimer(settings.PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await processor.Process(run).WaitAsync(stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // The silo stops before this service does: a call cut short by the stop is picked up after the restart.
                return;
            }
            catch (Exception e)
            {
                LogProcessFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fund supervision failed to catch up; it tries again at the next tick")]
    private static partial void LogProcessFailed(ILogger logger, Exception exception);
}
