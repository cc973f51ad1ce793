namespace Clearinghouse.Integration.Tests.CallerLimits;

/// <summary>
/// A time source whose timers fire only when the test says so: the rate limiter's refills happen at
/// <see cref="Fire"/>, never on their own, so a test of the limits is exact and never sleeps.
/// </summary>
public sealed class ManualTimers : TimeProvider
{
    private readonly List<Timer> _timers = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(callback, state, this);
        lock (_timers)
        {
            _timers.Add(timer);
        }
        return timer;
    }

    /// <summary>Runs every live timer's callback once, as one elapsed period would.</summary>
    public void Fire()
    {
        Timer[] live;
        lock (_timers)
        {
            live = [.. _timers];
        }
        foreach (var timer in live)
        {
            timer.Callback(timer.State);
        }
    }

    private sealed class Timer(TimerCallback callback, object? state, ManualTimers owner) : ITimer
    {
        public TimerCallback Callback => callback;
        public object? State => state;

        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
            lock (owner._timers)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
