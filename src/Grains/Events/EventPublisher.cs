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

    internal void LogGaveUp(Exception ex, DomainEvent domainEvent, int attempts) =>
        logger.LogError(ex, "Event {EventId} ({EventType}) not published after {Attempts} attempts; it stays in the outbox and the "
            + "next write or activation of its grain publishes it", domainEvent.Id, domainEvent.Type, attempts);
}

/// <summary>A test hook: make a grain behave as if its silo died after writing an event and before publishing it.</summary>
public interface IEventPublishFaults
{
    bool CrashBeforePublish(DomainEvent domainEvent);
}

/// <summary>The production hook: never.</summary>
public sealed class NoEventPublishFaults : IEventPublishFaults
{
    public bool CrashBeforePublish(DomainEvent domainEvent) => false;
}
