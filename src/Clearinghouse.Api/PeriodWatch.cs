using System.Threading.Channels;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;

namespace Clearinghouse.Api;

/// <summary>
/// This silo's close notices, fanned out to its <c>WatchPeriods</c> streams. A close run on any silo
/// reaches every silo's listener from the database at its commit; this reads the closed period's view from
/// the clearing grain and tells each stream. A stream that cannot keep up loses the oldest notices it has
/// not read, never blocks the others; a client that reconnects with since_period gets every close again.
/// </summary>
public sealed class PeriodWatch(IGrainFactory grains) : IPeriodNoticeHandler
{
    private readonly Lock _gate = new();
    private readonly List<Channel<PeriodView>> _watchers = [];

    // The latest close told to the streams; only the listener's one-at-a-time calls touch it.
    private string? _lastTold;

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

    public Task PeriodCutOffAsync(string period, string nextPeriod) => Task.CompletedTask;

    public Task PeriodClosedAsync(string period) => TellNewCloses(period);

    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (_lastTold is null)
        {
            // Listening for the first time: what closed before is history, which a stream reads itself.
            var closed = await Clearing.ClosedAfter("");
            _lastTold = closed.IsEmpty ? "" : closed[^1].Period;
            return;
        }
        await TellNewCloses(null);
    }

    /// <summary>
    /// Every close after the last one told, in period order: a missed notice is told with the next. Before
    /// the first catch-up succeeded nothing was told, and only the noticed close and later ones are news.
    /// </summary>
    private async Task TellNewCloses(string? noticed)
    {
        var after = _lastTold ?? "";
        foreach (var closed in await Clearing.ClosedAfterInTurn(after, noticed ?? ""))
        {
            if (_lastTold is null && noticed is not null && string.CompareOrdinal(closed.Period, noticed) < 0)
            {
                continue;
            }
            lock (_gate)
            {
                foreach (var watcher in _watchers)
                {
                    watcher.Writer.TryWrite(closed);
                }
            }
            _lastTold = closed.Period;
        }
    }

    private IClearingGrain Clearing => grains.GetGrain<IClearingGrain>(IClearingGrain.Key);

    public sealed class Subscription(ChannelReader<PeriodView> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<PeriodView> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
