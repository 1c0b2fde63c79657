using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Events;

namespace MotCua.Grains.Events;

/// <summary>
/// A webhook endpoint: its URL, secret and wanted event types, and the list of its deliveries. An offered event starts
/// one delivery grain (keyed by endpoint and event id, so an event offered twice is delivered once) and is listed.
/// </summary>
[GrainType("webhook-endpoint")]
public sealed class WebhookEndpointGrain(
    [PersistentState(EventStateNames.WebhookEndpoint, StorageNames.Default)] IPersistentState<WebhookEndpointState> store,
    IOptions<WebhookOptions> options,
    WebhookAddressPolicy addresses,
    TimeProvider time,
    ILogger<WebhookEndpointGrain> logger) : Grain, IWebhookEndpointGrain
{
    private WebhookEndpointState State => store.State;

    private string EndpointId => this.GetPrimaryKeyString();

    public async Task<WebhookEndpointView> RegisterAsync(RegisterWebhookEndpoint command)
    {
        if (State.Exists)
        {
            if (State.OperationId == command.OperationId)
            {
                return View(withSecret: true);
            }

            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.OperationConflict, $"Webhook endpoint {EndpointId} already exists.");
        }

        if (command.Actor.Role is not (Roles.Portal or Roles.Operator))
        {
            throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.ForbiddenBinding, "Only portals and operators register webhook endpoints.");
        }

        if (await addresses.CheckAsync(command.Url) is { } refusal)
        {
            throw DomainException.InvalidField("url", "The webhook URL " + refusal);
        }

        State.OperationId = command.OperationId;
        State.Url = command.Url;
        State.OwnerRole = command.Actor.Role;
        State.Events = [.. command.Events];
        State.Secret = WebhookSignature.NewSecret();
        State.OwnerKeyId = command.Actor.KeyId;
        State.CreatedAt = time.GetUtcNow();
        await store.WriteStateAsync();
        await GrainFactory.GetGrain<IWebhookDirectoryGrain>(WebhookDirectoryGrain.Key)
            .AddAsync(new WebhookSubscription(EndpointId, State.Events)
            {
                OwnerKeyId = State.OwnerKeyId,
                AllSources = State.OwnerRole == Roles.Operator,
            });
        logger.LogInformation("Webhook endpoint {EndpointId} registered for {Events}", EndpointId, string.Join(",", State.Events));
        return View(withSecret: true);
    }

    public Task<WebhookEndpointView?> GetAsync() => Task.FromResult(State.Exists ? View(withSecret: false) : null);

    public async Task OfferAsync(DomainEvent domainEvent)
    {
        if (!State.Exists || !State.Events.Exists(p => EventTypes.Matches(p, domainEvent.Type))
            || State.Deliveries.Exists(d => d.EventId == domainEvent.Id))
        {
            return;
        }

        // Start the delivery first (idempotent by its key), then list it: a retry after a failure in between starts nothing new.
        await GrainFactory.GetGrain<IWebhookDeliveryGrain>(WebhookDeliveryGrain.Key(EndpointId, domainEvent.Id)).StartAsync(
            new WebhookDeliveryRequest(EndpointId, State.Url, State.Secret, domainEvent.Id, domainEvent.Type, WebhookPayload.Serialize(domainEvent)));
        State.Deliveries.Add(new WebhookDeliveryEntry(domainEvent.Id, domainEvent.Type, time.GetUtcNow()));
        if (State.Deliveries.Count > options.Value.DeliveriesKept)
        {
            State.Deliveries.RemoveRange(0, State.Deliveries.Count - options.Value.DeliveriesKept);
        }

        await store.WriteStateAsync();
    }

    public async Task<IReadOnlyList<WebhookDeliveryView>> ListDeliveriesAsync(int limit)
    {
        var entries = State.Deliveries.AsEnumerable().Reverse().Take(Math.Max(1, limit)).ToList();
        var views = await Task.WhenAll(entries.Select(e =>
            GrainFactory.GetGrain<IWebhookDeliveryGrain>(WebhookDeliveryGrain.Key(EndpointId, e.EventId)).GetAsync()));
        return [.. views.Where(v => v is not null).Select(v => v!)];
    }

    private WebhookEndpointView View(bool withSecret) =>
        new(EndpointId, State.Url, State.Events, State.CreatedAt.ToVietnam(), withSecret ? State.Secret : null, State.OwnerKeyId);
}

/// <summary>The persisted state of a webhook endpoint.</summary>
[GenerateSerializer, Alias("motcua.webhook-endpoint-state")]
public sealed class WebhookEndpointState
{
    [Id(0)] public string? OperationId { get; set; }
    [Id(1)] public string Url { get; set; } = "";
    [Id(2)] public List<string> Events { get; set; } = [];
    [Id(3)] public string Secret { get; set; } = "";
    [Id(4)] public string OwnerKeyId { get; set; } = "";
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The newest deliveries, oldest first.</summary>
    [Id(6)] public List<WebhookDeliveryEntry> Deliveries { get; set; } = [];
    /// <summary>The role of the key that registered it: an operator's endpoint receives events of every source.</summary>
    [Id(7)] public string OwnerRole { get; set; } = "";

    public bool Exists => OperationId is not null;
}

/// <summary>A delivery of the endpoint, by event id.</summary>
[GenerateSerializer, Immutable, Alias("motcua.webhook-delivery-entry")]
public sealed record WebhookDeliveryEntry(
    [property: Id(0)] string EventId,
    [property: Id(1)] string EventType,
    [property: Id(2)] DateTimeOffset At);
