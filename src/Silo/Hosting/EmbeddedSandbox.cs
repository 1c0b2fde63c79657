using MotCua.Gateways;
using MotCua.Sandbox;
using MotCua.Sandbox.Configuration;

namespace MotCua.Silo.Hosting;

/// <summary>
/// The embedded default's payment providers: the gateway sandbox (<c>src/Sandbox</c>) started in the same process on a
/// loopback port, with MotCua's gateway clients pointed at it and its signed notifications sent back to this node, so
/// a new user can pay by VietQR or e-wallet with no outside service. Only when MotCua runs embedded (no database),
/// no <c>Gateways</c> section is configured and <c>Sandbox:Embedded</c> is not false. <c>Sandbox:Url</c> sets its address.
/// </summary>
public sealed class EmbeddedSandbox(IConfiguration configuration, ILogger<EmbeddedSandbox> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? app;

    /// <summary>Started before the silo (register it first), so the gateway settings are in place before any grain asks for them.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsWanted(configuration) && configuration is ConfigurationManager manager)
        {
            app = await StartAsync(manager, logger);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>Whether to start it for this configuration.</summary>
    public static bool IsWanted(IConfiguration configuration) =>
        DatabaseOptions.ResolveConnectionString(configuration, 1) is null
        && configuration.GetValue("Sandbox:Embedded", true)
        && string.IsNullOrEmpty(configuration["Gateways:Bank:BaseUrl"])
        && string.IsNullOrEmpty(configuration["Gateways:ViettelPay:BaseUrl"])
        && string.IsNullOrEmpty(configuration["Gateways:VnptPay:BaseUrl"]);

    /// <summary>
    /// Starts the sandbox on <c>Sandbox:Url</c> (default a free loopback port) and adds the <c>Gateways</c> settings that
    /// point MotCua at it to <paramref name="configuration"/>. The caller stops the returned app.
    /// </summary>
    public static async Task<WebApplication> StartAsync(ConfigurationManager configuration, ILogger logger)
    {
        var callback = CallbackBase(configuration);
        var app = SandboxApp.Build(
            ["--urls", configuration["Sandbox:Url"] ?? DefaultUrl(configuration), "--Sandbox:CallbackBaseUrl", callback.AbsoluteUri],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        var settings = new Dictionary<string, string?>();
        foreach (var (provider, section) in new[] { (GatewayProviders.Bank, "Bank"), (GatewayProviders.ViettelPay, "ViettelPay"), (GatewayProviders.VnptPay, "VnptPay") })
        {
            var account = ProviderAccount.Development(provider);
            settings[$"Gateways:{section}:BaseUrl"] = new Uri(address, provider + "/").AbsoluteUri;
            settings[$"Gateways:{section}:MerchantId"] = account.MerchantId;
            settings[$"Gateways:{section}:ApiKey"] = account.ApiKey;
            settings[$"Gateways:{section}:WebhookSecret"] = account.WebhookSecret;
        }

        configuration.AddInMemoryCollection(settings);
        logger.LogInformation("Embedded payment sandbox on {Address} (notifications to {Callback}); control it at {Address}sandbox/",
            address, callback, address);
        return app;
    }

    /// <summary>
    /// The sandbox's documented address (<see cref="SandboxApp.DefaultUrl"/>) beside a node on its default URL; a free
    /// loopback port beside a node given its own URL (tests, several nodes on one machine).
    /// </summary>
    private static string DefaultUrl(IConfiguration configuration) =>
        string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["ASPNETCORE_URLS"])
            ? SandboxApp.DefaultUrl
            : "http://127.0.0.1:0";

    /// <summary>This node's own HTTP address, where the sandbox posts notifications.</summary>
    private static Uri CallbackBase(IConfiguration configuration)
    {
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? SiloDefaults.Url;
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var uri = new UriBuilder(first.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]")
        {
            uri.Host = "localhost";
        }

        return uri.Uri;
    }
}

/// <summary>Defaults of the silo host.</summary>
public static class SiloDefaults
{
    /// <summary>Where the embedded default listens when no URL is given.</summary>
    public const string Url = "http://localhost:5080";
}
