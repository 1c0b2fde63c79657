namespace MotCua.Grains.Interfaces.Events;

/// <summary>
/// Consumes one partition of the domain event stream (key: the partition's stream key) and hands each event to the
/// projections and the webhook endpoints that want it.
/// </summary>
public interface IEventRouterGrain : IGrainWithStringKey
{
    /// <summary>Drops the router's copy of the webhook directory so the next event reads it again.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task InvalidateSubscriptionsAsync();
}
