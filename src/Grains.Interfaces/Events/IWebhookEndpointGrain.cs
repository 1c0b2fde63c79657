namespace MotCua.Grains.Interfaces.Events;

/// <summary>One webhook endpoint (key: its id): URL, secret, wanted event types and the list of its deliveries.</summary>
public interface IWebhookEndpointGrain : IGrainWithStringKey
{
    /// <summary>Creates the endpoint with a new secret; the same operation id again returns the same answer.</summary>
    Task<WebhookEndpointView> RegisterAsync(RegisterWebhookEndpoint command);

    /// <summary>The endpoint without its secret; null if it does not exist.</summary>
    Task<WebhookEndpointView?> GetAsync();

    /// <summary>Starts delivering an event if the endpoint wants it (once per event id); returns without waiting for the receiver.</summary>
    Task OfferAsync(DomainEvent domainEvent);

    /// <summary>The most recent deliveries, newest first, with their attempts.</summary>
    Task<IReadOnlyList<WebhookDeliveryView>> ListDeliveriesAsync(int limit);
}
