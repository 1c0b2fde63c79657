namespace MotCua.Grains.Interfaces.Events;

/// <summary>
/// The list of webhook endpoints and what they want (one grain, key <c>all</c>). Only the event routers read it, and they
/// keep a copy that the directory refreshes on every change, so neither a request nor an event waits on it.
/// </summary>
public interface IWebhookDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces a subscription, then tells every event router before it returns.</summary>
    Task AddAsync(WebhookSubscription subscription);

    /// <summary>Every subscription.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<WebhookSubscription>> ListAsync();
}
