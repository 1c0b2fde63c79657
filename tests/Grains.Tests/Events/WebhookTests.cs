using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Tests.Events;

[Collection(EventsCollection.Name)]
public sealed class WebhookTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task ReceiverFailingTheFirstTimesGetsEveryEventLaterSignedAndOnceAfterDedupe()
    {
        await using var receiver = await Receiver.StartAsync(failFirst: 3);
        var kit = new EventKit(fixture.Grains);
        var endpointId = "we_" + Guid.NewGuid().ToString("N")[..12];
        var endpoint = await fixture.Grains.GetGrain<IWebhookEndpointGrain>(endpointId).RegisterAsync(new RegisterWebhookEndpoint(
            EventKit.Op(), EventKit.Portal, receiver.Url, [EventTypes.PaymentSucceeded, EventTypes.DossierStatusChanged]));
        Assert.StartsWith("whsec_", endpoint.Secret);

        // A fee paid in cash: the dossier moves accepted → payment_requested → processing, and the payment succeeds.
        var code = await kit.FileAsync();
        await kit.ActAsync(code, (d, c) => d.AcceptAsync(c));
        await kit.RequestFeeAsync(code, 75_000);
        var payment = await kit.CreatePaymentAsync(code, "cash");
        await kit.CollectAsync(payment);

        var dossierSource = DomainEvent.SourceOf("dossier", code);
        var paymentSource = DomainEvent.SourceOf("payment", payment.Id);
        bool Mine(Delivery d) => d.Source == dossierSource || d.Source == paymentSource;
        IReadOnlyDictionary<string, Delivery> application;
        try
        {
            application = await Eventually.Await(() => Task.FromResult(receiver.Application()),
                app => app.Values.Count(Mine) == 4, "four events taken by the application");
        }
        catch (TimeoutException ex)
        {
            var listed = await fixture.Grains.GetGrain<IWebhookEndpointGrain>(endpointId).ListDeliveriesAsync(100);
            throw new TimeoutException($"{ex.Message}; requests: {string.Join(" ", receiver.Requests.Select(r => r.EventId + (r.Accepted ? "+" : "-")))}; "
                + $"deliveries: {string.Join(" ", listed.Select(d => $"{d.EventId}:{d.Status}:{d.Attempts.Count}:{d.Attempts.LastOrDefault()?.Error}"))}");
        }


        var mine = application.Values.Where(Mine).ToList();
        Assert.Equal(3, mine.Count(d => d.Type == EventTypes.DossierStatusChanged));
        var paid = Assert.Single(mine, d => d.Type == EventTypes.PaymentSucceeded);
        using (var body = JsonDocument.Parse(paid.Body))
        {
            Assert.Equal(75_000, body.RootElement.GetProperty("data").GetProperty("amount").GetInt64());
            Assert.Equal(payment.Id, body.RootElement.GetProperty("data").GetProperty("paymentId").GetString());
        }

        // Every request, failed or not, carries a signature an independent HMAC-SHA256 check accepts with the endpoint's secret.
        Assert.All(receiver.Requests, r => Assert.True(IndependentVerify(endpoint.Secret!, r.Signature, r.Body), $"bad signature on {r.EventId}"));
        // Nothing reached the application twice, though the receiver saw retries.
        Assert.True(receiver.Requests.Count > receiver.Application().Count);
        Assert.Equal(receiver.Requests.Where(r => r.Accepted).Select(r => r.EventId).Distinct().Count(),
            receiver.Application().Count);

        // The deliveries are listed with their attempts; the first ones failed before they got through.
        var deliveries = await Eventually.Await(
            () => fixture.Grains.GetGrain<IWebhookEndpointGrain>(endpointId).ListDeliveriesAsync(100),
            list => list.Count == 4 && list.All(d => d.Status == WebhookDeliveryStatuses.Delivered), "four delivered deliveries");
        Assert.Equal(receiver.Requests.Count, deliveries.Sum(d => d.Attempts.Count));
        Assert.Contains(deliveries, d => d.Attempts.Count > 1 && d.Attempts[0].StatusCode == 503 && d.Attempts[^1].StatusCode == 200);
    }

    [Fact]
    public async Task AReceiverThatDoesNotAnswerDoesNotHoldUpPayments()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await Receiver.StartAsync(failFirst: 0, hold: release.Task);
        var kit = new EventKit(fixture.Grains);
        var endpointId = "we_" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Grains.GetGrain<IWebhookEndpointGrain>(endpointId).RegisterAsync(new RegisterWebhookEndpoint(
            EventKit.Op(), EventKit.Portal, receiver.Url, ["*"]));

        var code = await kit.FileAsync();
        await kit.ActAsync(code, (d, c) => d.AcceptAsync(c));
        // The receiver now holds the first delivery open and answers nothing.
        await Eventually.Await(() => Task.FromResult(receiver.InFlight), n => n > 0, "a delivery held open by the receiver");

        // Payments go on: two fees paid in cash while the receiver still holds its requests.
        await kit.RequestFeeAsync(code, 50_000);
        var first = await kit.CreatePaymentAsync(code, "cash");
        Assert.Equal(PaymentStatuses.Succeeded, (await kit.CollectAsync(first)).PaymentStatus);
        Assert.True(receiver.InFlight > 0);
        Assert.Empty(receiver.Requests);

        release.SetResult();
        await Eventually.Await(() => Task.FromResult(receiver.Application().Values.Count(d => d.Type == EventTypes.PaymentSucceeded)),
            n => n == 1, "the payment's event once the receiver answers");
    }

    [Fact]
    public async Task APortalReceivesOnlyEventsOfWhatItCreatedWhileAnOperatorReceivesEverything()
    {
        await using var receiver = await Receiver.StartAsync(failFirst: 0);
        var kit = new EventKit(fixture.Grains);
        var other = new Actor(Roles.Portal, "kid-portal-other");
        var operatorActor = new Actor(Roles.Operator, "kid-operator");
        async Task<string> RegisterAsync(Actor actor)
        {
            var id = "we_" + Guid.NewGuid().ToString("N")[..12];
            await fixture.Grains.GetGrain<IWebhookEndpointGrain>(id).RegisterAsync(new RegisterWebhookEndpoint(EventKit.Op(), actor, receiver.Url, ["*"]));
            return id;
        }

        var mine = await RegisterAsync(EventKit.Portal);
        var others = await RegisterAsync(other);
        var operators = await RegisterAsync(operatorActor);

        // A fee paid in cash on a dossier EventKit.Portal filed, through a payment it created.
        var code = await kit.FileAsync();
        await kit.ActAsync(code, (d, c) => d.AcceptAsync(c));
        await kit.RequestFeeAsync(code, 30_000);
        var payment = await kit.CreatePaymentAsync(code, "cash");
        await kit.CollectAsync(payment);
        await kit.TopUpAsync("001089009999", 10_000);

        bool Final(IReadOnlyList<WebhookDeliveryView> list) =>
            list.Any(d => d.EventId.StartsWith($"payment:{payment.Id}#", StringComparison.Ordinal) && d.EventType == EventTypes.PaymentSucceeded)
            && list.Count(d => d.EventId.StartsWith($"dossier:{code}#", StringComparison.Ordinal) && d.EventType == EventTypes.DossierStatusChanged) == 3;
        var mineListed = await Eventually.Await(() => fixture.Grains.GetGrain<IWebhookEndpointGrain>(mine).ListDeliveriesAsync(1000),
            Final, "the creator's endpoint lists the dossier's and the payment's events");
        var operatorListed = await Eventually.Await(() => fixture.Grains.GetGrain<IWebhookEndpointGrain>(operators).ListDeliveriesAsync(1000),
            list => Final(list) && list.Any(d => d.EventId.StartsWith("wallet:001089009999#", StringComparison.Ordinal)),
            "the operator's endpoint lists everything, wallet events included");

        Assert.DoesNotContain(mineListed, d => d.EventId.StartsWith("wallet:", StringComparison.Ordinal));
        Assert.Empty(await fixture.Grains.GetGrain<IWebhookEndpointGrain>(others).ListDeliveriesAsync(1000));
        Assert.True(operatorListed.Count >= mineListed.Count);
    }

    /// <summary>Checks a MotCua-Signature header without the production code: t=..,v1=hex(HMAC-SHA256(secret, "t.body")).</summary>
    private static bool IndependentVerify(string secret, string header, string body)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1) || !long.TryParse(t, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = hmac.ComputeHash(Encoding.UTF8.GetBytes(t + "." + body));
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(v1));
    }

    private sealed record Request(string EventId, string Signature, string Body, bool Accepted);

    private sealed record Delivery(string Source, string Type, string Body);

    /// <summary>A real Kestrel server on a free port: answers 503 to the first requests, then 200; dedupes by event id.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly ConcurrentQueue<Request> requests = new();
        private readonly ConcurrentDictionary<string, Delivery> application = new();
        private readonly Task hold;
        private int failuresLeft;
        private int inFlight;

        private Receiver(WebApplication app, int failFirst, Task hold)
        {
            this.app = app;
            failuresLeft = failFirst;
            this.hold = hold;
        }

        /// <summary>Requests received and not yet answered.</summary>
        public int InFlight => Volatile.Read(ref inFlight);

        public string Url { get; private set; } = "";

        public IReadOnlyList<Request> Requests => [.. requests];

        public IReadOnlyDictionary<string, Delivery> Application() => new Dictionary<string, Delivery>(application);

        public static async Task<Receiver> StartAsync(int failFirst, Task? hold = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            var receiver = new Receiver(builder.Build(), failFirst, hold ?? Task.CompletedTask);
            receiver.app.MapPost("/hook", (Delegate)receiver.HandleAsync);
            await receiver.app.StartAsync();
            var address = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            receiver.Url = address + "/hook";
            return receiver;
        }

        private async Task<IResult> HandleAsync(HttpContext http)
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var eventId = http.Request.Headers["MotCua-Event-Id"].ToString();
            var signature = http.Request.Headers["MotCua-Signature"].ToString();
            Interlocked.Increment(ref inFlight);
            try
            {
                await hold;
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }

            if (Interlocked.Decrement(ref failuresLeft) >= 0)
            {
                requests.Enqueue(new Request(eventId, signature, body, false));
                return Results.StatusCode(503);
            }

            requests.Enqueue(new Request(eventId, signature, body, true));
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            // The application keeps the first copy of each event id; a redelivery changes nothing.
            application.TryAdd(root.GetProperty("id").GetString()!, new Delivery(root.GetProperty("source").GetString()!,
                root.GetProperty("type").GetString()!, body));
            return Results.Ok();
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
