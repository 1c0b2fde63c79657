using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace MotCua.Grains.Events;

/// <summary>
/// A grain's persistent state whose writes carry its outbox. A write returns once its events are published (one
/// stream enqueue each, in order), so a grain never answers a call whose events could still be lost: a silo that dies
/// between the write and the publish fails the call, and the caller's retry (every command is idempotent by operation
/// id) reactivates the grain, which publishes what its stored outbox holds. If a publish fails instead, the write
/// returns once an <see cref="IOutboxRecoveryGrain"/> reminder watches the grain — registered only then, never on the
/// happy path — and publishing is retried with backoff while the activation lives; the reminder brings the grain back
/// (on any silo) until its outbox is empty.
/// </summary>
internal sealed class OutboxedState<T> : IPersistentState<T>, IOutboxExtension
{
    private const int MaxAttempts = 10;

    private readonly IPersistentState<T> inner;
    private readonly IGrainContext context;
    private readonly EventPublisher publisher;
    private readonly Func<T, EventOutboxState> outboxOf;
    private Task? publishing;
    private bool publishAgain;
    private bool guarded;
    private TaskCompletionSource? settled;

    public OutboxedState(IPersistentState<T> inner, IGrainContext context, EventPublisher publisher, Func<T, EventOutboxState> outboxOf)
    {
        this.inner = inner;
        this.context = context;
        this.publisher = publisher;
        this.outboxOf = outboxOf;
        context.ObservableLifecycle.Subscribe($"outbox-{typeof(T).Name}", GrainLifecycleStage.Activate, OnActivateAsync, _ => Task.CompletedTask);
        context.SetComponent<IOutboxExtension>(this);
    }

    public T State
    {
        get => inner.State;
        set => inner.State = value;
    }

    public string? Etag => inner.Etag;

    public bool RecordExists => inner.RecordExists;

    private int PendingCount => outboxOf(inner.State).Pending.Count;

    public Task ClearStateAsync() => inner.ClearStateAsync();

    public Task ReadStateAsync() => inner.ReadStateAsync();

    public async Task WriteStateAsync()
    {
        await inner.WriteStateAsync();
        if (PendingCount > 0)
        {
            await PublishOrGuardAsync();
        }
    }

    async Task<bool> IOutboxExtension.FlushAsync()
    {
        if (PendingCount > 0)
        {
            try
            {
                await PublishOrGuardAsync();
            }
            catch (Exception)
            {
                return false;
            }
        }

        if (PendingCount > 0)
        {
            return false;
        }

        // The recovery reminder is about to be removed: a later failure registers it again.
        guarded = false;
        return true;
    }

    private Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Events written by an earlier activation that died before publishing them (or published them without the
        // removal being stored yet): publish again, without holding up the activation; consumers drop what they have seen.
        if (inner.RecordExists && PendingCount > 0)
        {
            _ = PublishOrGuardAsync().ContinueWith(
                t => publisher.LogNotSettled(t.Exception!, context.GrainId), CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Current);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Completes once the pending events are published, or once a reminder guarantees they will be (a publish failed);
    /// throws if neither could be done.
    /// </summary>
    private Task PublishOrGuardAsync()
    {
        var waiter = settled ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (publishing is { IsCompleted: false })
        {
            publishAgain = true;
        }
        else
        {
            publishing = PublishAsync();
        }

        return guarded ? Task.CompletedTask : waiter.Task;
    }

    private void Settle(Exception? failure = null)
    {
        var waiter = settled;
        settled = null;
        if (failure is null)
        {
            waiter?.TrySetResult();
        }
        else
        {
            waiter?.TrySetException(failure);
        }
    }

    private async Task PublishAsync()
    {
        var failures = 0;
        Exception? lastFailure = null;
        try
        {
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
                        lastFailure = ex;
                        if (++failures >= MaxAttempts)
                        {
                            publisher.LogGaveUp(ex, domainEvent, failures, guarded);
                            return;
                        }

                        publisher.LogRetry(ex, domainEvent);
                        await GuardAsync();
                        publishAgain = true;
                        await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, 100 * Math.Pow(2, failures))));
                        break;
                    }
                }
            }
            while (publishAgain);
        }
        finally
        {
            // Published, guarded by the reminder, or (a test's simulated crash) left to the next activation: the writer may go on.
            Settle(guarded || PendingCount == 0 || failures == 0 ? null : lastFailure);
        }
    }

    /// <summary>Registers the recovery reminder once per failure episode; the writer waits for this, not for the retries.</summary>
    private async Task GuardAsync()
    {
        if (guarded)
        {
            return;
        }

        try
        {
            var grains = context.ActivationServices.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<IOutboxRecoveryGrain>(context.GrainId.ToString()).WatchAsync();
            guarded = true;
            Settle();
        }
        catch (Exception ex)
        {
            // Neither the stream nor the reminder table answers: the writer's call fails (its caller retries, and the grain
            // then publishes what its stored outbox holds) while this activation keeps retrying.
            publisher.LogGuardFailed(ex, context.GrainId);
            Settle(ex);
        }
    }
}
