using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;

namespace Clearinghouse.Grains.Clearing;

/// <summary>
/// This silo's idea of the open period, so that settlements never call the clearing grain. A cut-off on
/// any silo reaches it as a period notice from the database; until the notice arrives it is stale, and the
/// write path's fence refuses an append in the old period with <see cref="PeriodNotOpenException"/>: the
/// grain then refreshes this from the database and decides again. A period only ever moves forward here.
/// </summary>
public sealed class OpenPeriodCache(IOpenPeriodStore store, IGrainFactory grains) : IPeriodNoticeHandler
{
    private string? _current;

    /// <summary>The open period this silo knows, without asking anyone; null before it knows one.</summary>
    public string? Known => Volatile.Read(ref _current);

    public ValueTask<string> CurrentAsync() =>
        Volatile.Read(ref _current) is { } current ? ValueTask.FromResult(current) : new ValueTask<string>(RefreshAsync());

    /// <summary>Reads the committed open period; before the first one exists, the clearing grain opens it.</summary>
    public async Task<string> RefreshAsync()
    {
        var period = await store.ReadOpenAsync() ?? await grains.GetGrain<IClearingGrain>(IClearingGrain.Key).GetOpenPeriod();
        return Advance(period);
    }

    /// <summary>Moves to a later period (a close on this silo); an earlier one is ignored.</summary>
    public string Advance(string period)
    {
        while (true)
        {
            var current = Volatile.Read(ref _current);
            if (current is not null && string.CompareOrdinal(current, period) >= 0)
            {
                return current;
            }
            if (Interlocked.CompareExchange(ref _current, period, current) == current)
            {
                return period;
            }
        }
    }

    public Task PeriodCutOffAsync(string period, string nextPeriod)
    {
        Advance(nextPeriod);
        return Task.CompletedTask;
    }

    public Task PeriodClosedAsync(string period) => Task.CompletedTask;

    /// <summary>Reads the committed open period; never asks the clearing grain, which may not be reachable yet.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (await store.ReadOpenAsync(cancellationToken) is { } period)
        {
            Advance(period);
        }
    }
}
