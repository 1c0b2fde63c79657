namespace MotCua.Grains.Interfaces.Events;

/// <summary>
/// Delivers one event to one endpoint (key: <c>{endpointId}/{eventId}</c>) until the receiver answers 2xx or the retry
/// schedule runs out; a reminder carries the retries across restarts.
/// </summary>
public interface IWebhookDeliveryGrain : IGrainWithStringKey
{
    /// <summary>Stores the delivery and schedules its first attempt; does nothing if it was already started.</summary>
    Task StartAsync(WebhookDeliveryRequest request);

    /// <summary>The delivery and its attempts; null if never started.</summary>
    Task<WebhookDeliveryView?> GetAsync();
}
