using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;
using Microsoft.Extensions.Options;

namespace Clearinghouse.Host.Accounts;

/// <summary>
/// Books every region's pooled fund once an interval. Each silo runs one: with no silo singled out, a cluster keeps
/// booking whichever silos are up, and a fund asked twice in one interval books once (IPooledAccountGrain.BookDue).
/// A region that fails is logged and tried again at the next tick; the sweep itself never stops the host.
/// </summary>
public sealed partial class PooledBookingSweep(
    IGrainFactory grains, IPooledFundQueries ledger, IOptions<PooledBookingOptions> options, ILogger<PooledBookingSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await SweepAsync(interval, stoppingToken);
        }
    }

    private async Task SweepAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        IReadOnlyList<string> regions;
        try
        {
            regions = await ledger.ListRegionCodesAsync(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogSweepFailed(logger, e);
            return;
        }
        foreach (var region in regions)
        {
            try
            {
                await grains.GetGrain<IPooledAccountGrain>(region).BookDue(interval).WaitAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogBookingFailed(logger, region, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The pooled funds' sweep could not list the regions; it tries again at the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Region {Region}'s pooled fund could not be booked; the sweep tries again at the next tick")]
    private static partial void LogBookingFailed(ILogger logger, string region, Exception exception);
}
