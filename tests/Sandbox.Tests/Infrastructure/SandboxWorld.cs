using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using MotCua.Gateways;
using MotCua.Gateways.Notifications;
using MotCua.Sandbox.Configuration;

namespace MotCua.Sandbox.Tests.Infrastructure;

/// <summary>
/// One test's world over real HTTP on loopback: the sandbox on a free port, a notification receiver, and MotCua's
/// gateway clients wired as production wires them but with short timeouts and delays.
/// </summary>
public sealed class SandboxWorld : IAsyncDisposable
{
    /// <summary>10:00 in Vietnam on 1 July 2025: the sandbox's clock, so statements have a known day.</summary>
    public static readonly DateTimeOffset Start = new(2025, 7, 1, 10, 0, 0, TimeSpan.FromHours(7));

    /// <summary>The day <see cref="Start"/> falls on.</summary>
    public static readonly DateOnly Today = new(2025, 7, 1);

    private readonly WebApplication sandbox;
    private readonly ServiceProvider clients;

    private SandboxWorld(WebApplication sandbox, NotificationReceiver receiver, ServiceProvider clients, FixedTimeProvider clock)
    {
        this.sandbox = sandbox;
        this.clients = clients;
        Receiver = receiver;
        Clock = clock;
        BaseUrl = new Uri(sandbox.Urls.First());
        Control = new HttpClient { BaseAddress = BaseUrl };
    }

    /// <summary>The sandbox's address.</summary>
    public Uri BaseUrl { get; }

    /// <summary>For the sandbox's control routes.</summary>
    public HttpClient Control { get; }

    /// <summary>Where notifications arrive.</summary>
    public NotificationReceiver Receiver { get; }

    /// <summary>The sandbox's clock.</summary>
    public FixedTimeProvider Clock { get; }

    public static async Task<SandboxWorld> StartAsync(Action<IDictionary<string, string?>>? clientSettings = null)
    {
        var receiver = await NotificationReceiver.StartAsync();
        var clock = new FixedTimeProvider(Start);
        var sandbox = SandboxApp.Build(["--urls", "http://127.0.0.1:0", $"--Sandbox:CallbackBaseUrl={receiver.BaseUrl}"], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<TimeProvider>(clock);
        });
        await sandbox.StartAsync();
        var baseUrl = sandbox.Urls.First().TrimEnd('/');

        var settings = new Dictionary<string, string?>();
        foreach (var (section, provider) in new[] { ("Bank", GatewayProviders.Bank), ("ViettelPay", GatewayProviders.ViettelPay), ("VnptPay", GatewayProviders.VnptPay) })
        {
            var account = ProviderAccount.Development(provider);
            settings[$"Gateways:{section}:BaseUrl"] = $"{baseUrl}/{provider}/";
            settings[$"Gateways:{section}:MerchantId"] = account.MerchantId;
            settings[$"Gateways:{section}:ApiKey"] = account.ApiKey;
            settings[$"Gateways:{section}:WebhookSecret"] = account.WebhookSecret;
            settings[$"Gateways:{section}:Resilience:MaxRetries"] = "2";
            settings[$"Gateways:{section}:Resilience:BaseDelay"] = "00:00:00.010";
            settings[$"Gateways:{section}:Resilience:MaxDelay"] = "00:00:00.050";
            settings[$"Gateways:{section}:Resilience:AttemptTimeout"] = "00:00:01";
            settings[$"Gateways:{section}:Resilience:TotalTimeout"] = "00:00:05";
        }

        clientSettings?.Invoke(settings);
        var services = new ServiceCollection();
        services.AddPaymentGateways(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Gateways"));
        var world = new SandboxWorld(sandbox, receiver, services.BuildServiceProvider(), clock);
        await world.WarmUpAsync();
        return world;
    }

    // The first requests compile routes and serializers; keep that out of the tests' per-try timeouts.
    private async Task WarmUpAsync()
    {
        foreach (var (provider, path) in new[] { ("bank", "/bank/v1/transfers?billNumber=warm-up"), ("viettelpay", "/viettelpay/v2/payments/warm-up"), ("vnptpay", "/vnptpay/api/orders/warm-up") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Authorization", $"Bearer {ProviderAccount.Development(provider).ApiKey}");
            request.Headers.Add("X-Merchant-Id", ProviderAccount.Development(provider).MerchantId);
            (await Control.SendAsync(request)).Dispose();
        }
    }

    /// <summary>A gateway client.</summary>
    public T Client<T>() where T : notnull => clients.GetRequiredService<T>();

    /// <summary>Checks a received notification's signature with the provider's development secret and the sandbox's clock.</summary>
    public SignatureVerification Verify(ReceivedNotification notification) =>
        new NotificationVerifier(Clock).Verify(notification.Signature, notification.Body, ProviderAccount.Development(notification.Provider).WebhookSecret);

    /// <summary>Replaces a provider's faults (anonymous object in the shape of <c>FaultSettings</c>).</summary>
    public async Task SetFaultsAsync(object faults) =>
        (await Control.PostAsJsonAsync("/sandbox/faults", faults)).EnsureSuccessStatusCode();

    /// <summary>The citizen pays an e-wallet payment.</summary>
    public async Task PayAsync(string provider, string id) =>
        (await Control.PostAsync($"/sandbox/{provider}/payments/{id}/pay", null)).EnsureSuccessStatusCode();

    /// <summary>The citizen's e-wallet attempt fails.</summary>
    public async Task FailAsync(string provider, string id) =>
        (await Control.PostAsync($"/sandbox/{provider}/payments/{id}/fail", null)).EnsureSuccessStatusCode();

    /// <summary>The citizen transfers money by VietQR.</summary>
    public async Task TransferAsync(string billNumber, long amount) =>
        (await Control.PostAsJsonAsync("/sandbox/bank/transfers", new { billNumber, amount, description = $"{billNumber} NGUYEN VAN A" })).EnsureSuccessStatusCode();

    /// <summary>How many payments the sandbox holds for a provider.</summary>
    public async Task<int> PaymentCountAsync(string provider) =>
        (await Control.GetFromJsonAsync<List<object>>($"/sandbox/{provider}/payments"))!.Count;

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await clients.DisposeAsync();
        await sandbox.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
