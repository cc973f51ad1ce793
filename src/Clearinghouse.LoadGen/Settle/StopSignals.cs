using System.Runtime.InteropServices;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>
/// Ctrl-C and SIGTERM during a settle run. During the load phase the first one stops new sends and lets the
/// calls in flight finish (the figures so far are still reported); outside it, or the second time, it aborts.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stopIssuing = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly PosixSignalRegistration _sigterm;
    private int _signals;
    private bool _inLoad;
    private long _firstSignal;

    public StopSignals()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            OnSignal();
        });
    }

    /// <summary>No new sends: cancelled by the first signal.</summary>
    public CancellationToken StopIssuing => _stopIssuing.Token;

    /// <summary>Stop everything now: cancelled by a signal outside the load phase, or by the second.</summary>
    public CancellationToken Abort => _abort.Token;

    /// <summary>A signal arrived during the run.</summary>
    public bool Received => Volatile.Read(ref _signals) > 0;

    /// <summary>Whether the measured load phase is running (where the first signal only stops new sends).</summary>
    public bool InLoad
    {
        get => Volatile.Read(ref _inLoad);
        set => Volatile.Write(ref _inLoad, value);
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        OnSignal();
    }

    private void OnSignal()
    {
        // One Ctrl-C can arrive twice (from the terminal and forwarded by a wrapper such as `timeout`):
        // signals within a second of the first count as one.
        var now = Environment.TickCount64;
        if (_signals > 0 && now - Interlocked.Read(ref _firstSignal) < 1_000)
        {
            return;
        }
        if (Interlocked.Increment(ref _signals) == 1)
        {
            Interlocked.Exchange(ref _firstSignal, now);
        }
        if (_signals == 1 && InLoad)
        {
            Console.Error.WriteLine("\nloadgen: stopping: no new sends; finishing the calls in flight (again to abort)");
            _stopIssuing.Cancel();
        }
        else
        {
            Console.Error.WriteLine("\nloadgen: aborting");
            _stopIssuing.Cancel();
            _abort.Cancel();
        }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _sigterm.Dispose();
        _stopIssuing.Dispose();
        _abort.Dispose();
    }
}
