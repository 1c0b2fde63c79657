using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Events;
using Orleans.Runtime;
using Orleans.Streams;

namespace MotCua.Grains.Events;

/// <summary>
/// Publishes domain events to the <see cref="StreamNames.Provider"/> stream provider, each source to one of
/// <see cref="StreamNames.Partitions"/> streams so a source's events stay in order. A host without that provider (some
/// grain test clusters) does not publish: the events stay in each grain's history, and this is logged once.
/// </summary>
public sealed class EventPublisher(IServiceProvider services, IEventPublishFaults faults, ILogger<EventPublisher> logger)
{
    private int warnedMissing;

    /// <summary>The stream of a partition of the domain events.</summary>
    public static StreamId StreamOf(int partition) => StreamId.Create(StreamNames.DomainEvents, PartitionKey(partition));

    /// <summary>The stream key (and event router grain key) of a partition.</summary>
    public static string PartitionKey(int partition) => $"p{partition:00}";

    public async Task PublishAsync(DomainEvent domainEvent)
    {
        if (faults.FailPublish(domainEvent))
        {
            throw new IOException($"Test fault: the event stream did not take {domainEvent.Id}.");
        }

        var provider = services.GetKeyedService<IStreamProvider>(StreamNames.Provider);
        if (provider is null)
        {
            if (Interlocked.Exchange(ref warnedMissing, 1) == 0)
            {
                logger.LogWarning("No stream provider named {Provider} is configured: domain events are not published", StreamNames.Provider);
            }

            return;
        }

        var partition = DomainEvent.PartitionOf(domainEvent.Source, StreamNames.Partitions);
        await provider.GetStream<DomainEvent>(StreamOf(partition)).OnNextAsync(domainEvent);
    }

    internal bool CrashBeforePublish(DomainEvent domainEvent) => faults.CrashBeforePublish(domainEvent);

    internal void LogRetry(Exception ex, DomainEvent domainEvent) =>
        logger.LogWarning(ex, "Publishing event {EventId} ({EventType}) failed; retrying", domainEvent.Id, domainEvent.Type);

    internal void LogGaveUp(Exception ex, DomainEvent domainEvent, int attempts, bool guarded) =>
        logger.LogError(ex, "Event {EventId} ({EventType}) not published after {Attempts} attempts; it stays in the outbox and "
            + (guarded ? "the outbox recovery reminder publishes it" : "the next write or activation of its grain publishes it"),
            domainEvent.Id, domainEvent.Type, attempts);

    internal void LogGuardFailed(Exception ex, GrainId grainId) =>
        logger.LogError(ex, "Grain {GrainId} could not publish its events nor register its outbox recovery reminder; retrying", grainId);

    internal void LogNotSettled(Exception ex, GrainId grainId) =>
        logger.LogWarning(ex, "Grain {GrainId} reactivated with unpublished events that it could not publish yet", grainId);
}

/// <summary>Test hooks: make a grain behave as if its silo died after writing an event and before publishing it, or as if the stream failed.</summary>
public interface IEventPublishFaults
{
    bool CrashBeforePublish(DomainEvent domainEvent);

    /// <summary>True to make this attempt to publish <paramref name="domainEvent"/> fail.</summary>
    bool FailPublish(DomainEvent domainEvent) => false;
}

/// <summary>The production hook: never.</summary>
public sealed class NoEventPublishFaults : IEventPublishFaults
{
    public bool CrashBeforePublish(DomainEvent domainEvent) => false;
}

/// <summary>
/// TEST ONLY, off unless configured: <c>MotCua:Events:Faults:ExitBeforePublish</c> = an event type (e.g.
/// <c>payment.succeeded</c>) makes the silo process end at once (<see cref="Environment.FailFast(string)"/>, no shutdown,
/// like a power cut) the first time one of its grains has written an event of that type and is about to publish it. Used by
/// the two-silo integration test to show that such an event still arrives. Never set it in production.
/// </summary>
public sealed class ExitBeforePublishFault(string eventType) : IEventPublishFaults
{
    public const string Setting = "MotCua:Events:Faults:ExitBeforePublish";

    /// <summary>The fault if <see cref="Setting"/> is set, else none.</summary>
    public static IEventPublishFaults FromConfiguration(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        configuration[Setting] is { Length: > 0 } type ? new ExitBeforePublishFault(type) : new NoEventPublishFaults();

    public bool CrashBeforePublish(DomainEvent domainEvent)
    {
        if (domainEvent.Type != eventType)
        {
            return false;
        }

        // One line the test reads to learn which event was written and never published by this process.
        Console.Error.WriteLine($"{Setting}: exiting before publishing {domainEvent.Id} ({domainEvent.Type})");
        Console.Error.Flush();
        Environment.FailFast($"{Setting}: test fault, exiting before publishing {domainEvent.Id}");
        return true;
    }
}
