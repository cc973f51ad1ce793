namespace Clearinghouse.LoadGen;

/// <summary>
/// The load generator's own garbage collections during the load phase. While it is paused it neither sends
/// nor reads answers, and at a fixed rate latency counts from the scheduled send time: a pause of the
/// instrument shows as latency of the server. The report prints these so a reader can tell the two apart.
/// The longest pause is sampled (every 100 ms, from the runtime's record of the latest collection), so a
/// short collection right after a long one within the same 100 ms can hide it; totals are exact.
/// </summary>
public sealed class GcWatch : IDisposable
{
    private readonly int[] _collections0 = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private readonly TimeSpan _paused0 = GC.GetTotalPauseDuration();
    private readonly Timer _timer;
    private long _lastIndex = GC.GetGCMemoryInfo(GCKind.Any).Index;
    private TimeSpan _longest;

    public GcWatch() => _timer = new Timer(_ => Sample(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));

    private void Sample()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        if (info.Index == Interlocked.Read(ref _lastIndex))
        {
            return;
        }
        Interlocked.Exchange(ref _lastIndex, info.Index);
        var pause = TimeSpan.Zero;
        foreach (var p in info.PauseDurations)
        {
            pause += p;
        }
        lock (_timer)
        {
            if (pause > _longest)
            {
                _longest = pause;
            }
        }
    }

    public GcFigures Stop()
    {
        _timer.Dispose();
        Sample();
        lock (_timer)
        {
            return new GcFigures(
                GC.CollectionCount(0) - _collections0[0], GC.CollectionCount(1) - _collections0[1], GC.CollectionCount(2) - _collections0[2],
                (GC.GetTotalPauseDuration() - _paused0).TotalMilliseconds, _longest.TotalMilliseconds);
        }
    }

    public void Dispose() => _timer.Dispose();
}

/// <summary>Collections by generation (a gen-2 collection counts in gen 0 and 1 too), pause time in all and the longest seen.</summary>
public sealed record GcFigures(int Gen0, int Gen1, int Gen2, double PausedMs, double LongestPauseMs);
