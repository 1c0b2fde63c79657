using System.Net;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests;

/// <summary>Registering webhook endpoints on a host outside Development: https to public addresses only.</summary>
public sealed class WebhookRegistrationApiTests(ProductionApiFactory factory) : IClassFixture<ProductionApiFactory>
{
    [Theory]
    [InlineData("http://portal.example.vn/hooks")]
    [InlineData("https://127.0.0.1/hooks")]
    [InlineData("https://10.0.0.1/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/hooks")]
    [InlineData("https://localhost/hooks")]
    [InlineData("http://127.0.0.1:8080/hooks")]
    public async Task AnInternalOrPlainHttpUrlIsRefusedWith400(string url)
    {
        var portal = new ApiClient(factory.ClientFor(ProductionApiFactory.PortalKey));

        var response = await portal.PostAsync("/v1/webhook-endpoints", new { url, events = new[] { "payment.succeeded" } });

        var problem = await ApiClient.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("url"), problem.ToJsonString());
    }
}

/// <summary>An embedded MotCua in the Production environment, with a configured portal key (no development keys).</summary>
public sealed class ProductionApiFactory : IDisposable
{
    public const string PortalKey = "test-portal-production-secret-1";

    private readonly MotCuaFactory _factory = new() { Environment = "Production" };

    public ProductionApiFactory()
    {
        _factory.Settings["MotCua:Auth:Keys:1:Id"] = "kid-test-portal-production";
        _factory.Settings["MotCua:Auth:Keys:1:Sha256"] = MotCua.Api.Auth.ApiKeyStore.Hash(PortalKey);
        _factory.Settings["MotCua:Auth:Keys:1:Role"] = "portal";
    }

    public HttpClient ClientFor(string key) => _factory.ClientFor(key);

    public void Dispose() => _factory.Dispose();
}
