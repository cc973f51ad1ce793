using Clearinghouse.Domain.Accounts;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;
using Microsoft.Extensions.Options;

namespace Clearinghouse.Host.Accounts;

/// <summary>
/// Books every region's funds (pooled, serious-illness, assistance) once an interval, and all of them when a period closes (heard from the
/// period notices, whichever silo closed it), so each fund has booked its closed period's last movements soon
/// after its statements. Each silo runs one: with no silo singled out, a cluster keeps booking whichever silos are
/// up, and a fund asked by several silos in one interval books once (IFundAccountGrain.BookDue). A region that
/// fails is logged and tried again at the next tick; the sweep never stops the host. An interval of zero turns
/// both off.
/// </summary>
public sealed partial class PooledBookingSweep(
    IGrainFactory grains, IPooledFundQueries ledger, IOptions<PooledBookingOptions> options, ILogger<PooledBookingSweep> logger)
    : BackgroundService, IPeriodNoticeHandler
{
    private TimeSpan Interval => options.Value.Interval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval <= TimeSpan.Zero)
        {
            return;
        }
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await SweepAsync(fund => fund.BookDue(Interval), stoppingToken);
        }
    }

    public Task PeriodClosedAsync(string period) =>
        Interval <= TimeSpan.Zero ? Task.CompletedTask : SweepAsync(fund => fund.BookCommitted(), CancellationToken.None);

    public Task PeriodCutOffAsync(string period, string nextPeriod) => Task.CompletedTask;

    /// <summary>Nothing to catch up: a close missed while the listener was down is booked by the next tick.</summary>
    public Task CatchUpAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SweepAsync(Func<IFundAccountGrain, Task> book, CancellationToken stoppingToken)
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
        foreach (var account in regions.SelectMany(region => FundKinds.All.Select(fund => fund.Account(region).ToString())))
        {
            try
            {
                await book(grains.GetGrain<IFundAccountGrain>(account)).WaitAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogBookingFailed(logger, account, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The funds' sweep could not list the regions; it tries again at the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fund {Account} could not be booked; the sweep tries again at the next tick")]
    private static partial void LogBookingFailed(ILogger logger, string account, Exception exception);
}
