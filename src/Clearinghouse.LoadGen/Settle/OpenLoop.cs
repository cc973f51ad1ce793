using System.Diagnostics;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>
/// Sends on an open-loop timetable: send k is due at start + k/rate whatever earlier answers took, at most
/// maxInFlight at once. Each send is given its scheduled time, from which its latency counts.
/// </summary>
public static class OpenLoop
{
    /// <param name="claimSend">False when no more sends may go out (--count reached).</param>
    /// <param name="send">One send, given its scheduled Stopwatch timestamp.</param>
    /// <param name="lagged">How many ticks each send went out behind its scheduled time.</param>
    public static async Task RunAsync(
        double rate, int maxInFlight, long start, Func<bool> claimSend, Func<long, Task> send, Action<long> lagged, CancellationToken stop)
    {
        var slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        var ticksPerSend = Stopwatch.Frequency / rate;
        long k = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var due = (long)((Stopwatch.GetTimestamp() - start) / ticksPerSend) + 1;
                while (k < due)
                {
                    await slots.WaitAsync(stop);
                    if (!claimSend())
                    {
                        slots.Release();
                        return;
                    }
                    var scheduled = start + (long)(k * ticksPerSend);
                    k++;
                    lagged(Stopwatch.GetTimestamp() - scheduled);
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await send(scheduled);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    }, CancellationToken.None);
                }
                await Task.Delay(1, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            // Drain: every send in flight finishes (answer, error or deadline) before the phase ends.
            for (var i = 0; i < maxInFlight; i++)
            {
                await slots.WaitAsync(CancellationToken.None);
            }
        }
    }
}
