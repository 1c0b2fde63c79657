using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MotCua.Gateways.Bank;
using MotCua.Gateways.Http;
using MotCua.Gateways.Notifications;
using MotCua.Gateways.ViettelPay;
using MotCua.Gateways.VnptPay;

namespace MotCua.Gateways;

/// <summary>Registers the gateway clients, each with its own options, HttpClient and resilience pipeline (so its own circuit breaker).</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers all three clients from <paramref name="gateways"/> (sub-sections <c>Bank</c>, <c>ViettelPay</c>, <c>VnptPay</c>),
    /// the <see cref="NotificationVerifier"/> and, if absent, <see cref="TimeProvider.System"/>.
    /// Options are named by provider: <c>IOptionsMonitor&lt;GatewayOptions&gt;.Get("bank")</c>.
    /// </summary>
    public static IServiceCollection AddPaymentGateways(this IServiceCollection services, IConfiguration gateways) =>
        services.AddPaymentGateways(gateways, validateOnStart: true);

    /// <summary>
    /// As <see cref="AddPaymentGateways(IServiceCollection, IConfiguration)"/>; with <paramref name="validateOnStart"/> false,
    /// an incomplete section does not stop the host: the caller checks <see cref="GatewayOptions.Validate"/> before use.
    /// </summary>
    public static IServiceCollection AddPaymentGateways(this IServiceCollection services, IConfiguration gateways, bool validateOnStart)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        services.AddGateway(GatewayProviders.Bank, gateways.GetSection("Bank"), (http, options) => new BankGatewayClient(http, options), validateOnStart);
        services.AddGateway(GatewayProviders.ViettelPay, gateways.GetSection("ViettelPay"), (http, options) => new ViettelPayClient(http, options), validateOnStart);
        services.AddGateway(GatewayProviders.VnptPay, gateways.GetSection("VnptPay"), (http, options) => new VnptPayClient(http, options), validateOnStart);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new NotificationVerifier(sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Registers <see cref="BankGatewayClient"/>; returns its HttpClient builder (e.g. to swap the primary handler in tests).</summary>
    public static IHttpClientBuilder AddBankGateway(this IServiceCollection services, IConfiguration section) =>
        services.AddGateway(GatewayProviders.Bank, section, (http, options) => new BankGatewayClient(http, options));

    /// <summary>Registers <see cref="ViettelPayClient"/>; returns its HttpClient builder.</summary>
    public static IHttpClientBuilder AddViettelPayGateway(this IServiceCollection services, IConfiguration section) =>
        services.AddGateway(GatewayProviders.ViettelPay, section, (http, options) => new ViettelPayClient(http, options));

    /// <summary>Registers <see cref="VnptPayClient"/>; returns its HttpClient builder.</summary>
    public static IHttpClientBuilder AddVnptPayGateway(this IServiceCollection services, IConfiguration section) =>
        services.AddGateway(GatewayProviders.VnptPay, section, (http, options) => new VnptPayClient(http, options));

    private static IHttpClientBuilder AddGateway<TClient>(
        this IServiceCollection services, string provider, IConfiguration section, Func<HttpClient, GatewayOptions, TClient> create,
        bool validateOnStart = true)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(section);
        var options = services.AddOptions<GatewayOptions>(provider).Bind(section);
        if (validateOnStart)
        {
            options
                .Validate(o => o.Validate().Count == 0, $"Gateway options for {provider} are incomplete: set BaseUrl, MerchantId, ApiKey and WebhookSecret.")
                .ValidateOnStart();
        }

        var builder = services.AddHttpClient<TClient, TClient>(provider, (http, sp) =>
            create(http, sp.GetRequiredService<IOptionsMonitor<GatewayOptions>>().Get(provider)));
        // The pipeline's overall timeout governs; HttpClient's own 100 s default would cut across it.
        builder.ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        builder.AddResilienceHandler(provider, (pipeline, context) =>
            GatewayResilience.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptionsMonitor<GatewayOptions>>().Get(provider).Resilience));
        builder.AddHttpMessageHandler(() => new AttemptRecordingHandler());
        return builder;
    }
}
