using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Sandbox;
using MotCua.Sandbox.Notifications;
using Orleans.Runtime;

namespace MotCua.Api.Tests.Infrastructure;

/// <summary>
/// An embedded MotCua whose gateway clients talk to the payment sandbox, a real Kestrel server on a free loopback port;
/// the sandbox's signed notifications reach MotCua's test host through its in-memory handler. Gateway calls give up
/// fast (three seconds a try, one retry). MotCua's domain clock is real time plus an offset a test may move forward
/// (<see cref="ShiftedClock"/>): timers stay real, so network timeouts behave as in production.
/// </summary>
public sealed class GatewaySandboxFixture : IAsyncLifetime
{
    private readonly MotCuaFactory _root = new();
    private WebApplication? _sandbox;

    public ShiftedClock Clock { get; } = new();

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public HttpClient Sandbox { get; private set; } = null!;

    public PaymentApiKit Kit { get; private set; } = null!;

    public IGrainFactory Grains => Factory.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        _sandbox = SandboxApp.Build(["--urls", "http://127.0.0.1:0", "--Sandbox:CallbackBaseUrl", "http://motcua.test/"], builder =>
            builder.Services.AddHttpClient(NotificationDispatcher.HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(() => new ForwardingHandler(() => Factory.Server.CreateHandler())));
        await _sandbox.StartAsync();
        var address = new Uri(_sandbox.Urls.First());
        Sandbox = new HttpClient { BaseAddress = address };
        foreach (var (provider, section) in new[] { ("bank", "Bank"), ("viettelpay", "ViettelPay"), ("vnptpay", "VnptPay") })
        {
            _root.Settings[$"Gateways:{section}:BaseUrl"] = new Uri(address, provider + "/").AbsoluteUri;
            _root.Settings[$"Gateways:{section}:MerchantId"] = "MOTCUA";
            _root.Settings[$"Gateways:{section}:ApiKey"] = $"sk_sandbox_{provider}";
            _root.Settings[$"Gateways:{section}:WebhookSecret"] = $"whsec_sandbox_{provider}";
            _root.Settings[$"Gateways:{section}:Resilience:MaxRetries"] = "1";
            _root.Settings[$"Gateways:{section}:Resilience:BaseDelay"] = "00:00:00.050";
            _root.Settings[$"Gateways:{section}:Resilience:AttemptTimeout"] = "00:00:03";
            _root.Settings[$"Gateways:{section}:Resilience:TotalTimeout"] = "00:00:08";
            _root.Settings[$"Gateways:{section}:Resilience:BreakerMinimumThroughput"] = "1000";
        }

        Factory = _root.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, Clock);
        }));
        _ = Factory.Server;
        Kit = new PaymentApiKit(key =>
        {
            var client = Factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return client;
        });
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _root.DisposeAsync();
        Sandbox.Dispose();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }

    /// <summary>Sets the sandbox's faults for one provider (replacing earlier ones); an empty object clears them.</summary>
    public async Task FaultsAsync(string provider, object faults)
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(faults, ApiClient.Web))!.AsObject();
        body["provider"] = provider;
        var response = await Sandbox.PostAsJsonAsync("/sandbox/faults", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends through a handler made on first use (the MotCua test host exists only after the sandbox started).</summary>
    private sealed class ForwardingHandler(Func<HttpMessageHandler> target) : HttpMessageHandler
    {
        private HttpMessageInvoker? _invoker;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            (_invoker ??= new HttpMessageInvoker(target(), disposeHandler: false)).SendAsync(request, cancellationToken);
    }
}

/// <summary>Real time plus an offset that only grows; timers and timestamps are the system's.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
