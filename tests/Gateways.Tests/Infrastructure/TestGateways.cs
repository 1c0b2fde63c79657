using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MotCua.Gateways.Tests.Infrastructure;

/// <summary>
/// The three clients wired exactly as production wires them (options from configuration, resilience pipeline,
/// attempt recording), with a <see cref="FakeHandler"/> as the network and short delays so retries are quick.
/// </summary>
public sealed class TestGateways : IDisposable
{
    private readonly ServiceProvider services;

    public TestGateways(Action<IDictionary<string, string?>>? configure = null)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (section, baseUrl) in new[] { ("Bank", "https://bank.test/api/"), ("ViettelPay", "https://viettelpay.test/"), ("VnptPay", "https://vnptpay.test/gw") })
        {
            var key = section.ToLowerInvariant();
            settings[$"Gateways:{section}:BaseUrl"] = baseUrl;
            settings[$"Gateways:{section}:MerchantId"] = "MOTCUA-HN";
            settings[$"Gateways:{section}:ApiKey"] = $"sk_test_{key}";
            settings[$"Gateways:{section}:WebhookSecret"] = $"whsec_test_{key}";
            settings[$"Gateways:{section}:Resilience:MaxRetries"] = "3";
            settings[$"Gateways:{section}:Resilience:BaseDelay"] = "00:00:00.001";
            settings[$"Gateways:{section}:Resilience:MaxDelay"] = "00:00:00.010";
            settings[$"Gateways:{section}:Resilience:AttemptTimeout"] = "00:00:00.200";
            settings[$"Gateways:{section}:Resilience:TotalTimeout"] = "00:00:05";
        }

        configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection();
        collection.AddPaymentGateways(configuration.GetSection("Gateways"));
        collection.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => Network));
        services = collection.BuildServiceProvider();
    }

    /// <summary>What the clients talk to.</summary>
    public FakeHandler Network { get; } = new();

    /// <summary>A client as the container makes it.</summary>
    public T Client<T>() where T : notnull => services.GetRequiredService<T>();

    public void Dispose() => services.Dispose();
}
