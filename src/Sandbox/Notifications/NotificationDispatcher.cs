using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MotCua.Gateways.Notifications;
using MotCua.Sandbox.Configuration;
using MotCua.Sandbox.Faults;

namespace MotCua.Sandbox.Notifications;

/// <summary>
/// Signs notifications and POSTs them to <c>{CallbackBaseUrl}/v1/gateways/{provider}/notifications</c>, once each and
/// before the simulating call answers, so a test sees every delivery in that call's result. Injected faults drop,
/// duplicate, reorder, age or forge them.
/// </summary>
public sealed class NotificationDispatcher(
    IHttpClientFactory httpClients,
    IOptionsMonitor<SandboxOptions> options,
    FaultBook faults,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger)
{
    /// <summary>The named HttpClient used for deliveries.</summary>
    public const string HttpClientName = "sandbox-notifications";

    private static readonly TimeSpan StaleBy = TimeSpan.FromMinutes(10);
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<OutboundNotification>> held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OutboundNotification> byEventId = new(StringComparer.Ordinal);
    private readonly List<DeliveryRecord> log = [];

    /// <summary>Every send so far, oldest first.</summary>
    public IReadOnlyList<DeliveryRecord> Log
    {
        get
        {
            lock (gate)
            {
                return [.. log];
            }
        }
    }

    /// <summary>Sends a provider's notification, subject to its injected faults; returns what happened to each send.</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> PublishAsync(string provider, string eventId, object body, JsonSerializerOptions json, CancellationToken ct)
    {
        var fault = faults.For(provider).NextNotification();
        var message = new OutboundNotification(provider, eventId, JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), json), fault.Stale, fault.Forged);
        List<OutboundNotification> batch = [message];
        lock (gate)
        {
            byEventId[eventId] = message;
            if (fault.Reorder == ReorderStep.Hold && !fault.Drop)
            {
                Held(provider).Add(message);
            }
            else if (fault.Reorder == ReorderStep.Release)
            {
                batch.AddRange(Enumerable.Reverse(Held(provider)));
                held.Remove(provider);
            }
        }

        if (fault.Drop || fault.Reorder == ReorderStep.Hold)
        {
            return [Record(new DeliveryRecord(eventId, provider, fault.Drop ? "dropped" : "held", null, null, time.GetUtcNow()))];
        }

        var results = new List<DeliveryRecord>();
        foreach (var m in batch)
        {
            results.Add(await DeliverAsync(m, ct));
            if (fault.Duplicate && ReferenceEquals(m, message))
            {
                results.Add(await DeliverAsync(m, ct));
            }
        }

        return results;
    }

    /// <summary>Sends a notification again, exactly as first built (same event id and body, fresh signature).</summary>
    public async Task<DeliveryRecord?> ResendAsync(string eventId, CancellationToken ct)
    {
        OutboundNotification? message;
        lock (gate)
        {
            byEventId.TryGetValue(eventId, out message);
        }

        return message is null ? null : await DeliverAsync(message with { Stale = false, Forged = false }, ct);
    }

    /// <summary>Forgets the log and anything held.</summary>
    public void Clear()
    {
        lock (gate)
        {
            held.Clear();
            byEventId.Clear();
            log.Clear();
        }
    }

    private async Task<DeliveryRecord> DeliverAsync(OutboundNotification message, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow();
        var tampering = message.Forged ? "forged" : message.Stale ? "stale" : null;
        if (settings.CallbackBaseUrl is null)
        {
            return Record(new DeliveryRecord(message.EventId, message.Provider, "no_callback", null, null, now, tampering));
        }

        var secret = settings.Account(message.Provider).WebhookSecret;
        var signature = NotificationSignature.Create(message.Body, message.Forged ? "forged-" + secret : secret, message.Stale ? now - StaleBy : now);
        var url = new Uri(settings.CallbackBaseUrl, $"v1/gateways/{message.Provider}/notifications");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(message.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(NotificationSignature.HeaderName, signature);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, ct);
            logger.LogInformation("Notification {EventId} of {Provider} answered {Status}", message.EventId, message.Provider, (int)response.StatusCode);
            return Record(new DeliveryRecord(message.EventId, message.Provider, "delivered", (int)response.StatusCode, null, now, tampering));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Notification {EventId} of {Provider} not delivered: {Error}", message.EventId, message.Provider, e.Message);
            return Record(new DeliveryRecord(message.EventId, message.Provider, "failed", null, e.Message, now, tampering));
        }
    }

    private List<OutboundNotification> Held(string provider)
    {
        if (!held.TryGetValue(provider, out var list))
        {
            held[provider] = list = [];
        }

        return list;
    }

    private DeliveryRecord Record(DeliveryRecord record)
    {
        lock (gate)
        {
            log.Add(record);
        }

        return record;
    }
}
