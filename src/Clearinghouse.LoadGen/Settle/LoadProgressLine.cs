using System.Diagnostics;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>The once-a-second status line of the load phase: rate over the last second and overall, errors, in flight, the second's p99.</summary>
public sealed class LoadProgressLine(LoadTally tally, long start, int? hostPid)
{
    private long _lastAccepted;
    private long _lastTicks = Stopwatch.GetTimestamp();

    public string Render()
    {
        var now = Stopwatch.GetTimestamp();
        var accepted = tally.Accepted;
        var interval = Stopwatch.GetElapsedTime(_lastTicks, now).TotalSeconds;
        var rate = interval > 0 ? (accepted - _lastAccepted) / interval : 0;
        _lastAccepted = accepted;
        _lastTicks = now;
        var elapsed = Stopwatch.GetElapsedTime(start, now).TotalSeconds;
        var window = tally.TakeIntervalLatency();
        var memory = hostPid is { } pid && HostProbe.Memory(pid) is { } m ? $"  host RSS {m.RssKiB / 1024:N0} MiB" : "";
        return $"load {elapsed,5:0}s  ok {accepted:N0}  {rate:N0}/s (avg {(elapsed > 0 ? accepted / elapsed : 0):N0}/s)" +
               $"  rev {tally.Reversals:N0}  err {tally.Errors:N0}" +
               $"  retry {tally.RetryCount:N0}  in-flight {tally.InFlight:N0}" +
               $"  p99 {window.Quantile(0.99) / 1000.0:0.0}ms{memory}";
    }
}
