namespace MotCua.Grains.Tests;

/// <summary>
/// A clock the tests move by hand, with timers that fire when the clock passes their due time. Orleans 10.4.2's reminder
/// service waits on the silo's <see cref="TimeProvider"/> (keyed <c>Orleans.Reminders</c>) with <c>Task.Delay</c>, so on this
/// clock reminders tick in test time: moving the clock past a reminder's due time makes Orleans deliver it.
/// </summary>
/// <remarks>
/// Timer callbacks run on the thread pool, never inline in <see cref="Advance"/>, so advancing the clock does not run
/// silo code on the test's thread. The clock only moves forward.
/// </remarks>
public sealed class DossierTestClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _gate = new();
    private readonly HashSet<Timer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward and fires every timer that has come due.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_gate)
        {
            _now += by;
        }

        FireDue();
    }

    /// <summary>Moves the clock forward to <paramref name="instant"/> (which must not be in its past).</summary>
    public void AdvanceTo(DateTimeOffset instant)
    {
        lock (_gate)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(instant, _now);
        }

        Advance(instant - GetUtcNow());
    }

    private void FireDue()
    {
        List<Timer> due;
        lock (_gate)
        {
            due = [.. _timers.Where(t => t.DueAt <= _now)];
            foreach (var timer in due)
            {
                timer.Rearm(_now);
            }
        }

        foreach (var timer in due)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static t => t.Fire(), timer, preferLocal: false);
        }
    }

    private sealed class Timer(DossierTestClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        /// <summary>When the timer fires next; guarded by the clock's lock.</summary>
        public DateTimeOffset DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var fireNow = false;
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                if (dueTime <= TimeSpan.Zero)
                {
                    fireNow = true;
                    Rearm(clock._now);
                }
                else
                {
                    DueAt = clock._now + dueTime;
                    clock._timers.Add(this);
                }
            }

            if (fireNow)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static t => t.Fire(), this, preferLocal: false);
            }

            return true;
        }

        /// <summary>After a firing: a periodic timer waits one more period, a one-shot timer is done.</summary>
        public void Rearm(DateTimeOffset now)
        {
            clock._timers.Remove(this);
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                DueAt = now + _period;
                clock._timers.Add(this);
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
