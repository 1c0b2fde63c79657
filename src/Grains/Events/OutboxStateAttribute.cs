using Orleans.Runtime;

namespace MotCua.Grains.Events;

/// <summary>
/// Like <c>[PersistentState]</c>, for a state that carries an <see cref="EventOutboxState"/> property: after every
/// successful write, and when the grain activates, the outbox's pending events are published to the event stream.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class OutboxStateAttribute(string stateName, string storageName) : Attribute, IFacetMetadata, IPersistentStateConfiguration
{
    public string StateName { get; } = stateName;

    public string StorageName { get; } = storageName;
}
