using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Events;

namespace MotCua.Grains.Events;

/// <summary>Every webhook subscription; read by the event routers, which it tells of each change.</summary>
[GrainType("webhook-directory")]
public sealed class WebhookDirectoryGrain(
    [PersistentState(EventStateNames.WebhookDirectory, StorageNames.Default)] IPersistentState<WebhookDirectoryState> store)
    : Grain, IWebhookDirectoryGrain
{
    public const string Key = "all";

    public async Task AddAsync(WebhookSubscription subscription)
    {
        store.State.Subscriptions.RemoveAll(s => s.EndpointId == subscription.EndpointId);
        store.State.Subscriptions.Add(subscription);
        await store.WriteStateAsync();
        await Task.WhenAll(Enumerable.Range(0, StreamNames.Partitions).Select(p =>
            GrainFactory.GetGrain<IEventRouterGrain>(EventPublisher.PartitionKey(p)).InvalidateSubscriptionsAsync()));
    }

    public Task<IReadOnlyList<WebhookSubscription>> ListAsync() =>
        Task.FromResult<IReadOnlyList<WebhookSubscription>>([.. store.State.Subscriptions]);
}

/// <summary>The persisted state of the webhook directory.</summary>
[GenerateSerializer, Alias("motcua.webhook-directory-state")]
public sealed class WebhookDirectoryState
{
    [Id(0)] public List<WebhookSubscription> Subscriptions { get; set; } = [];
}
