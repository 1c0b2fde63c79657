using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MotCua.Api.Tests.Infrastructure;

/// <summary>
/// An embedded MotCua (silo and API in one host) on free loopback ports, with one extra agent key bound to
/// another channel, for the binding tests.
/// </summary>
public sealed class MotCuaFactory : WebApplicationFactory<Program>
{
    public const string OtherAgentKey = "test-agent-vnpost-DN0002";
    public const string OtherChannel = "vnpost:DN-0002";

    public string Environment { get; init; } = "Development";

    public Dictionary<string, string?> Settings { get; } = new();

    public HttpClient ClientFor(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("MotCua:Silo:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("MotCua:Silo:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("MotCua:Silo:ClusterId", $"test-{Guid.NewGuid():N}");
        // No embedded payment sandbox on a real port: tests that need providers wire one in themselves.
        builder.UseSetting("Sandbox:Embedded", "false");
        // These tests drive thousands of requests through a handful of keys; the limits have their own tests (Security).
        builder.UseSetting("MotCua:Limits:PermitsPerKey", "1000000");
        builder.UseSetting("MotCua:Limits:PermitsPerKeyPerSecond", "1000000");
        builder.UseSetting("MotCua:Auth:Keys:0:Id", "kid-test-agent-dn0002");
        builder.UseSetting("MotCua:Auth:Keys:0:Sha256", MotCua.Api.Auth.ApiKeyStore.Hash(OtherAgentKey));
        builder.UseSetting("MotCua:Auth:Keys:0:Role", "agent");
        builder.UseSetting("MotCua:Auth:Keys:0:ChannelId", OtherChannel);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<MotCuaFactory>
{
    public const string Name = "api";
}
