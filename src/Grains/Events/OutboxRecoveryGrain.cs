using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace MotCua.Grains.Events;

/// <summary>
/// What an activation whose state is <c>[OutboxState]</c> answers besides its grain interface (a grain extension, so the
/// grain classes need not implement it): publish what the outbox still holds.
/// </summary>
public interface IOutboxExtension : IGrainExtension
{
    /// <summary>Publishes the pending events (activating the grain if needed, which publishes them too); true once none is left.</summary>
    Task<bool> FlushAsync();
}

/// <summary>
/// Brings back a grain whose outbox could not be published: registered (with one reminder) by the grain only when a
/// publish fails, never on the happy path. Each tick asks the grain to flush (which reactivates it, on any silo, if its
/// silo died meanwhile); once the outbox is empty the reminder is removed. Keyed by the watched grain's id.
/// </summary>
public interface IOutboxRecoveryGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the reminder runs (idempotent).</summary>
    Task WatchAsync();
}

/// <inheritdoc cref="IOutboxRecoveryGrain"/>
/// <remarks>Reentrant: it holds no state, and the watched grain may call <see cref="WatchAsync"/> while a tick waits on it.</remarks>
[Reentrant]
[GrainType("outbox-recovery")]
public sealed class OutboxRecoveryGrain(IOptions<OutboxOptions> options, ILogger<OutboxRecoveryGrain> logger)
    : Grain, IOutboxRecoveryGrain, IRemindable
{
    public const string ReminderName = "outbox-recovery";

    private TimeSpan DueTime => options.Value.RecoveryDueTime;

    private TimeSpan Period => options.Value.RecoveryPeriod;

    private int watches;

    public async Task WatchAsync()
    {
        // Called once per failure episode of the watched grain, so registering again costs nothing on the happy path.
        watches++;
        await this.RegisterOrUpdateReminder(ReminderName, DueTime, Period);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        var watched = GrainId.Parse(this.GetPrimaryKeyString());
        var watchesBefore = watches;
        bool empty;
        try
        {
            empty = await GrainFactory.GetGrain(watched).AsReference<IOutboxExtension>().FlushAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Outbox of {GrainId} not flushed yet; the next tick tries again", watched);
            return;
        }

        if (!empty)
        {
            return;
        }

        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        if (watches != watchesBefore)
        {
            // The grain failed to publish again while this tick ran: keep watching.
            await this.RegisterOrUpdateReminder(ReminderName, DueTime, Period);
            return;
        }

        logger.LogInformation("Outbox of {GrainId} published after a failed publish", watched);
        DeactivateOnIdle();
    }
}
