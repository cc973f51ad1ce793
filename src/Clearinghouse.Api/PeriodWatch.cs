using System.Threading.Channels;
using Clearinghouse.Grains.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clearinghouse.Api;

/// <summary>
/// This host's subscription to close notices, fanned out to its <c>WatchPeriods</c> streams. The
/// clearing grain may live on another silo, so the host subscribes as a grain observer and renews the
/// subscription before it expires. A stream that cannot keep up loses the oldest notices it has not
/// read, never blocks the others; a client that reconnects with since_period gets every close again.
/// </summary>
public sealed class PeriodWatch(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<PeriodWatch> logger) : BackgroundService, IPeriodObserver
{
    private readonly Lock _gate = new();
    private readonly List<Channel<PeriodView>> _watchers = [];

    public Task PeriodClosed(PeriodView period)
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(period);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>A reader of every close notice from now on; dispose to stop.</summary>
    public Subscription Watch()
    {
        var channel = Channel.CreateBounded<PeriodView>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            _watchers.Add(channel);
        }
        return new Subscription(channel.Reader, () =>
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grain calls need the silo running: wait until the host has started.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var self = grains.CreateObjectReference<IPeriodObserver>(this);
        using var renewal = new PeriodicTimer(IClearingGrain.SubscriptionLifetime / 4);
        do
        {
            try
            {
                await grains.GetGrain<IClearingGrain>(IClearingGrain.Key).Subscribe(self);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not subscribe to period close notices; retrying at the next renewal");
            }
        }
        while (await WaitForRenewal(renewal, stoppingToken));
    }

    private static async Task<bool> WaitForRenewal(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public sealed class Subscription(ChannelReader<PeriodView> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<PeriodView> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
