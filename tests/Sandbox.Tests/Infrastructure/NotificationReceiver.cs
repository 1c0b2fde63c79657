using System.Collections.Concurrent;
using MotCua.Gateways.Notifications;

namespace MotCua.Sandbox.Tests.Infrastructure;

/// <summary>A notification as MotCua's endpoint would receive it: the provider in the route, the header, the raw bytes.</summary>
public sealed record ReceivedNotification(string Provider, string? Signature, byte[] Body)
{
    /// <summary>The body read into the common shape.</summary>
    public PaymentNotification Parsed =>
        PaymentNotification.TryParse(Provider, Body, out var notification) ? notification : throw new InvalidOperationException("Not a notification.");
}

/// <summary>
/// Stands in for MotCua's <c>POST /v1/gateways/{provider}/notifications</c> on a free loopback port: records what
/// arrives and answers 200.
/// </summary>
public sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedNotification> received = new();

    private NotificationReceiver(WebApplication app) => this.app = app;

    /// <summary>Where the sandbox should send notifications.</summary>
    public Uri BaseUrl => new(app.Urls.First());

    /// <summary>Everything received, in arrival order.</summary>
    public IReadOnlyList<ReceivedNotification> Received => [.. received];

    public static async Task<NotificationReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new NotificationReceiver(builder.Build());
        receiver.app.MapPost("/v1/gateways/{provider}/notifications", async (string provider, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver.received.Enqueue(new ReceivedNotification(provider, request.Headers[NotificationSignature.HeaderName].FirstOrDefault(), body.ToArray()));
            return Results.Ok();
        });
        await receiver.app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
