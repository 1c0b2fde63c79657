namespace MotCua.Sandbox.Faults;

/// <summary>What to do to one provider API call.</summary>
public enum CallFault
{
    /// <summary>Answer normally.</summary>
    None,

    /// <summary>Answer the configured failure status without doing anything.</summary>
    Fail,

    /// <summary>Do nothing and never answer.</summary>
    HangBeforeProcessing,

    /// <summary>Do the work, then never answer.</summary>
    HangAfterProcessing,
}

/// <summary>Where a notification stands in a reordering batch.</summary>
public enum ReorderStep
{
    /// <summary>Not reordered.</summary>
    None,

    /// <summary>Held back until the batch is complete.</summary>
    Hold,

    /// <summary>Completes the batch: send it and the held ones, newest first.</summary>
    Release,
}

/// <summary>What to do to one notification.</summary>
public readonly record struct NotificationFault(bool Drop, bool Duplicate, bool Stale, bool Forged, ReorderStep Reorder);

/// <summary>One provider's live faults: the settings, counting down as faults fire.</summary>
public sealed class ProviderFaults(FaultSettings settings)
{
    private readonly Lock gate = new();
    private readonly Random random = new(settings.Seed);
    private FaultSettings current = settings;

    /// <summary>What is left to fire.</summary>
    public FaultSettings Current
    {
        get
        {
            lock (gate)
            {
                return current;
            }
        }
    }

    /// <summary>The fault for the next provider API call.</summary>
    public (CallFault Fault, int Status) NextCall()
    {
        lock (gate)
        {
            if (current.FailNext > 0)
            {
                current = current with { FailNext = current.FailNext - 1 };
                return (CallFault.Fail, current.FailStatus);
            }

            if (current.TimeoutNext > 0)
            {
                current = current with { TimeoutNext = current.TimeoutNext - 1 };
                return (current.TimeoutBeforeProcessing ? CallFault.HangBeforeProcessing : CallFault.HangAfterProcessing, 0);
            }

            return current.ErrorRate > 0 && random.NextDouble() < current.ErrorRate
                ? (CallFault.Fail, current.FailStatus)
                : (CallFault.None, 0);
        }
    }

    /// <summary>The faults for the next notification. A dropped one is only dropped.</summary>
    public NotificationFault NextNotification()
    {
        lock (gate)
        {
            if (current.DropNotifications > 0)
            {
                current = current with { DropNotifications = current.DropNotifications - 1 };
                return new NotificationFault(Drop: true, false, false, false, ReorderStep.None);
            }

            var reorder = current.ReorderNotifications switch
            {
                0 => ReorderStep.None,
                1 => ReorderStep.Release,
                _ => ReorderStep.Hold,
            };
            var fault = new NotificationFault(false, current.DuplicateNotifications > 0, current.StaleNotifications > 0,
                current.ForgedNotifications > 0, reorder);
            current = current with
            {
                DuplicateNotifications = Math.Max(0, current.DuplicateNotifications - 1),
                StaleNotifications = Math.Max(0, current.StaleNotifications - 1),
                ForgedNotifications = Math.Max(0, current.ForgedNotifications - 1),
                ReorderNotifications = Math.Max(0, current.ReorderNotifications - 1),
            };
            return fault;
        }
    }
}
