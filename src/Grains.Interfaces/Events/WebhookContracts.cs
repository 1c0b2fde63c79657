using MotCua.Grains.Interfaces.Common;

namespace MotCua.Grains.Interfaces.Events;

/// <summary>Registers a webhook endpoint: where to POST and which event types (exact, <c>*</c> or <c>prefix.*</c>).</summary>
[GenerateSerializer, Immutable, Alias("motcua.register-webhook-endpoint")]
public sealed record RegisterWebhookEndpoint(
    [property: Id(0)] string OperationId,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] string Url,
    [property: Id(3)] IReadOnlyList<string> Events);

/// <summary>A webhook endpoint as its owner sees it; the secret only in the answer to the registration.</summary>
[GenerateSerializer, Immutable, Alias("motcua.webhook-endpoint-view")]
public sealed record WebhookEndpointView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> Events,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] string? Secret,
    [property: Id(5)] string OwnerKeyId);

/// <summary>One try to deliver an event: when, the receiver's status code (null if none came back), the error, how long.</summary>
[GenerateSerializer, Immutable, Alias("motcua.webhook-attempt")]
public sealed record WebhookAttemptView(
    [property: Id(0)] int Number,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] int? StatusCode,
    [property: Id(3)] string? Error,
    [property: Id(4)] long DurationMs);

/// <summary>A delivery of one event to one endpoint: <c>pending</c>, <c>delivered</c> or <c>failed</c> (gave up), with its attempts.</summary>
[GenerateSerializer, Immutable, Alias("motcua.webhook-delivery-view")]
public sealed record WebhookDeliveryView(
    [property: Id(0)] string EventId,
    [property: Id(1)] string EventType,
    [property: Id(2)] string Status,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? NextAttemptAt,
    [property: Id(5)] IReadOnlyList<WebhookAttemptView> Attempts);

/// <summary>Statuses of a webhook delivery.</summary>
public static class WebhookDeliveryStatuses
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

/// <summary>
/// A registered endpoint and the event types it wants, as the event routers see it. An operator's endpoint
/// (<see cref="AllSources"/>) receives events of every source; a portal's only those of the dossiers and payments its
/// key (<see cref="OwnerKeyId"/>) created, or of the agencies a grant names for it.
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.webhook-subscription")]
public sealed record WebhookSubscription(
    [property: Id(0)] string EndpointId,
    [property: Id(1)] IReadOnlyList<string> Events)
{
    /// <summary>The key that registered the endpoint; null for subscriptions stored before audiences existed (they receive nothing).</summary>
    [Id(2)] public string? OwnerKeyId { get; init; }

    /// <summary>True for an operator's endpoint: events of every source.</summary>
    [Id(3)] public bool AllSources { get; init; }
}

/// <summary>What a delivery grain needs to deliver one event.</summary>
[GenerateSerializer, Immutable, Alias("motcua.webhook-delivery-request")]
public sealed record WebhookDeliveryRequest(
    [property: Id(0)] string EndpointId,
    [property: Id(1)] string Url,
    [property: Id(2)] string Secret,
    [property: Id(3)] string EventId,
    [property: Id(4)] string EventType,
    [property: Id(5)] string Body);
