using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Events;

namespace MotCua.Grains.Events;

/// <summary>
/// Delivers one event to one endpoint, at least once: a signed POST; a 2xx answer delivers it, anything else (another
/// status, a timeout, no connection) is an attempt recorded with its outcome and a retry after the next wait of
/// <see cref="WebhookOptions.Schedule"/>. A wait inside the activation makes each attempt on time; a reminder, registered before the
/// delivery is stored and removed once it ends, makes it after a restart. The receiver's slowness holds only this grain.
/// </summary>
[GrainType("webhook-delivery")]
public sealed class WebhookDeliveryGrain(
    [PersistentState(EventStateNames.WebhookDelivery, StorageNames.Default)] IPersistentState<WebhookDeliveryState> store,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliveryGrain> logger) : Grain, IWebhookDeliveryGrain, IRemindable
{
    public const string RetryReminder = "webhook-retry";

    private int scheduled;
    private bool attempting;

    private WebhookDeliveryState State => store.State;

    public static string Key(string endpointId, string eventId) => $"{endpointId}/{eventId}";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Request is not null && State.Status == WebhookDeliveryStatuses.Pending)
        {
            ScheduleAttempt();
        }

        return Task.CompletedTask;
    }

    public async Task StartAsync(WebhookDeliveryRequest request)
    {
        if (State.Request is not null)
        {
            return;
        }

        await this.RegisterOrUpdateReminder(RetryReminder, options.Value.ReminderPeriod, options.Value.ReminderPeriod);
        State.Request = request;
        State.Status = WebhookDeliveryStatuses.Pending;
        State.CreatedAt = time.GetUtcNow();
        State.NextAttemptAt = State.CreatedAt;
        await store.WriteStateAsync();
        ScheduleAttempt();
    }

    public Task<WebhookDeliveryView?> GetAsync() => Task.FromResult(State.Request is { } r
        ? new WebhookDeliveryView(r.EventId, r.EventType, State.Status, State.CreatedAt.ToVietnam(), State.NextAttemptAt?.ToVietnam(),
            [.. State.Attempts])
        : null);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RetryReminder)
        {
            return;
        }

        if (State.Request is null || State.Status != WebhookDeliveryStatuses.Pending)
        {
            await StopReminderAsync();
            return;
        }

        await AttemptIfDueAsync();
    }

    private void ScheduleAttempt()
    {
        var delay = State.NextAttemptAt is { } next && next > time.GetUtcNow() ? next - time.GetUtcNow() : TimeSpan.Zero;
        var generation = ++scheduled;
        _ = AttemptLaterAsync(delay, generation);
    }

    /// <summary>Waits in the activation's context, then attempts unless a newer schedule replaced this one.</summary>
    private async Task AttemptLaterAsync(TimeSpan delay, int generation)
    {
        await Task.Delay(delay);
        if (generation == scheduled)
        {
            try
            {
                await AttemptIfDueAsync(scheduledNow: true);
            }
            catch (Exception ex)
            {
                // The state write failed: the reminder tries again from what was stored.
                logger.LogWarning(ex, "Webhook delivery {Key}: attempt not recorded; the reminder retries", this.GetPrimaryKeyString());
            }
        }
    }

    /// <summary>
    /// Attempts if the delivery is pending and, for a reminder tick, its next attempt is due (the in-activation wait was
    /// measured for it, and timer and clock may disagree by a tick, so it does not look at the clock).
    /// </summary>
    private async Task AttemptIfDueAsync(bool scheduledNow = false)
    {
        if (attempting || State.Request is not { } request || State.Status != WebhookDeliveryStatuses.Pending
            || (!scheduledNow && State.NextAttemptAt is { } next && next > time.GetUtcNow()))
        {
            return;
        }

        attempting = true;
        try
        {
            await AttemptAsync(request);
        }
        finally
        {
            attempting = false;
        }
    }

    private async Task AttemptAsync(WebhookDeliveryRequest request)
    {
        var number = State.Attempts.Count + 1;
        var (statusCode, error, elapsed) = await SendAsync(request, number);
        var now = time.GetUtcNow();
        State.Attempts.Add(new WebhookAttemptView(number, now.ToVietnam(), statusCode, error, elapsed));
        var schedule = options.Value.Schedule;
        if (statusCode is >= 200 and < 300)
        {
            State.Status = WebhookDeliveryStatuses.Delivered;
            State.NextAttemptAt = null;
        }
        else if (number > schedule.Count)
        {
            State.Status = WebhookDeliveryStatuses.Failed;
            State.NextAttemptAt = null;
            logger.LogWarning("Webhook delivery of {EventId} to endpoint {EndpointId} failed {Attempts} times; giving up",
                request.EventId, request.EndpointId, number);
        }
        else
        {
            State.NextAttemptAt = now + schedule[number - 1];
        }

        await store.WriteStateAsync();
        if (State.Status == WebhookDeliveryStatuses.Pending)
        {
            ScheduleAttempt();
        }
        else
        {
            await StopReminderAsync();
        }
    }

    private async Task<(int? StatusCode, string? Error, long ElapsedMs)> SendAsync(WebhookDeliveryRequest request, int attempt)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, request.Url)
            {
                Content = new StringContent(request.Body, Encoding.UTF8, "application/json"),
            };
            message.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(request.Secret, time.GetUtcNow().ToUnixTimeSeconds(), request.Body));
            message.Headers.Add("MotCua-Event-Id", request.EventId);
            message.Headers.Add("MotCua-Event-Type", request.EventType);
            message.Headers.Add("MotCua-Delivery-Attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var cts = new CancellationTokenSource(options.Value.AttemptTimeout);
            using var response = await httpClients.CreateClient(WebhookOptions.HttpClientName).SendAsync(message, cts.Token);
            // Only the status code and the time taken are kept: nothing the receiver wrote (body, reason phrase) is stored or shown.
            return ((int)response.StatusCode, null, watch.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            return (null, WebhookDeliveryErrors.Classify(ex), watch.ElapsedMilliseconds);
        }
    }

    private async Task StopReminderAsync()
    {
        try
        {
            if (await this.GetReminder(RetryReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex)
        {
            // Harmless if it stays: its next tick finds the delivery finished and tries again.
            logger.LogWarning(ex, "Webhook delivery {Key}: the retry reminder could not be removed yet", this.GetPrimaryKeyString());
        }
    }
}

/// <summary>The persisted state of one webhook delivery.</summary>
[GenerateSerializer, Alias("motcua.webhook-delivery-state")]
public sealed class WebhookDeliveryState
{
    [Id(0)] public WebhookDeliveryRequest? Request { get; set; }
    [Id(1)] public string Status { get; set; } = "";
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset? NextAttemptAt { get; set; }
    [Id(4)] public List<WebhookAttemptView> Attempts { get; set; } = [];
}
