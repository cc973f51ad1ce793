using Clearinghouse.Grains.Abstractions;

namespace Clearinghouse.Host.Cluster;

/// <summary>
/// Activates the clearing grain while the host starts, after the silo: the period-notice listener's first
/// catch-up would activate it anyway, but only once the host has started, so the first activation ever (which
/// opens the first period and writes that event) landed at an unknown moment after start-up. Awaited here, a
/// host that reports itself started has its open period, and nothing is written behind its callers' backs.
/// </summary>
public sealed class ClearingActivation(IGrainFactory grains) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        await grains.GetGrain<IClearingGrain>(IClearingGrain.Key).GetOpenPeriod().WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
