using Orleans.Runtime;

namespace MotCua.Grains.Events;

/// <summary>
/// A grain's persistent state whose writes carry its outbox: after a write succeeds, and when the grain activates,
/// the pending events are published in order, one source at a time, without making the grain's caller wait; a failed
/// publish is retried with backoff while the activation lives, and the next activation publishes what is left.
/// </summary>
internal sealed class OutboxedState<T> : IPersistentState<T>
{
    private const int MaxAttempts = 10;

    private readonly IPersistentState<T> inner;
    private readonly IGrainContext context;
    private readonly EventPublisher publisher;
    private readonly Func<T, EventOutboxState> outboxOf;
    private Task? publishing;
    private bool publishAgain;

    public OutboxedState(IPersistentState<T> inner, IGrainContext context, EventPublisher publisher, Func<T, EventOutboxState> outboxOf)
    {
        this.inner = inner;
        this.context = context;
        this.publisher = publisher;
        this.outboxOf = outboxOf;
        context.ObservableLifecycle.Subscribe($"outbox-{typeof(T).Name}", GrainLifecycleStage.Activate, OnActivateAsync, _ => Task.CompletedTask);
    }

    public T State
    {
        get => inner.State;
        set => inner.State = value;
    }

    public string? Etag => inner.Etag;

    public bool RecordExists => inner.RecordExists;

    public Task ClearStateAsync() => inner.ClearStateAsync();

    public Task ReadStateAsync() => inner.ReadStateAsync();

    public async Task WriteStateAsync()
    {
        await inner.WriteStateAsync();
        if (outboxOf(inner.State).Pending.Count > 0)
        {
            SchedulePublish();
        }
    }

    private Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Events written by an earlier activation that died before publishing them (or published them without the
        // removal being stored yet): publish again; consumers drop the ones they have seen.
        if (inner.RecordExists && outboxOf(inner.State).Pending.Count > 0)
        {
            SchedulePublish();
        }

        return Task.CompletedTask;
    }

    private void SchedulePublish()
    {
        if (publishing is { IsCompleted: false })
        {
            publishAgain = true;
            return;
        }

        publishing = PublishAsync();
    }

    private async Task PublishAsync()
    {
        var failures = 0;
        do
        {
            publishAgain = false;
            var outbox = outboxOf(inner.State);
            foreach (var domainEvent in outbox.Pending.ToList())
            {
                if (publisher.CrashBeforePublish(domainEvent))
                {
                    // Test hook: behave as a silo that died after the write and before the publish.
                    context.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "simulated crash before publish"));
                    return;
                }

                try
                {
                    await publisher.PublishAsync(domainEvent);
                    outbox.Pending.Remove(domainEvent);
                    failures = 0;
                }
                catch (Exception ex)
                {
                    if (++failures >= MaxAttempts)
                    {
                        publisher.LogGaveUp(ex, domainEvent, failures);
                        return;
                    }

                    publisher.LogRetry(ex, domainEvent);
                    publishAgain = true;
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, 100 * Math.Pow(2, failures))));
                    break;
                }
            }
        }
        while (publishAgain);
    }
}
