using System.Net;
using System.Net.Sockets;
using MotCua.Grains.Events;

namespace MotCua.Grains.Tests.Events;

/// <summary>Where webhooks may go: https to public addresses, checked at registration and on the address connected.</summary>
public sealed class WebhookAddressPolicyTests
{
    private static readonly Dictionary<string, IPAddress[]> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["portal.example.vn"] = [IPAddress.Parse("203.113.131.5")],
        ["loopback.example.vn"] = [IPAddress.Parse("127.0.0.1")],
        ["private.example.vn"] = [IPAddress.Parse("10.0.0.1")],
        ["metadata.example.vn"] = [IPAddress.Parse("169.254.169.254")],
        ["v6loopback.example.vn"] = [IPAddress.IPv6Loopback],
        ["mixed.example.vn"] = [IPAddress.Parse("203.113.131.5"), IPAddress.Parse("192.168.1.10")],
    };

    private static Task<IPAddress[]> Resolve(string host, CancellationToken _) =>
        Names.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : throw new SocketException((int)SocketError.HostNotFound);

    private static readonly WebhookAddressPolicy Production = new(allowLoopback: false, Resolve);

    [Theory]
    [InlineData("http://portal.example.vn/hook", "https")]
    [InlineData("https://127.0.0.1/hook", "127.0.0.1")]
    [InlineData("https://10.0.0.1/hook", "10.0.0.1")]
    [InlineData("https://169.254.169.254/latest/meta-data", "169.254.169.254")]
    [InlineData("https://[::1]/hook", "::1")]
    [InlineData("https://[::ffff:10.0.0.1]/hook", "10.0.0.1")]
    [InlineData("https://[fd00::1]/hook", "fd00::1")]
    [InlineData("https://loopback.example.vn/hook", "127.0.0.1")]
    [InlineData("https://private.example.vn/hook", "10.0.0.1")]
    [InlineData("https://metadata.example.vn/hook", "169.254.169.254")]
    [InlineData("https://v6loopback.example.vn/hook", "::1")]
    [InlineData("https://mixed.example.vn/hook", "192.168.1.10")]
    [InlineData("https://unknown.example.vn/hook", "does not resolve")]
    [InlineData("https://user:pw@portal.example.vn/hook", "user name")]
    [InlineData("ftp://portal.example.vn/hook", "https")]
    public async Task OutsideDevelopmentAnInternalOrPlainHttpReceiverIsRefused(string url, string reason)
    {
        var refusal = await Production.CheckAsync(url);
        Assert.NotNull(refusal);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnHttpsReceiverOnAPublicAddressIsAccepted()
    {
        Assert.Null(await Production.CheckAsync("https://portal.example.vn/hooks/motcua"));
        Assert.Null(await Production.CheckAsync("https://203.113.131.5:8443/hook"));
    }

    [Fact]
    public async Task DevelopmentAllowsPlainHttpToLoopbackOnly()
    {
        var development = new WebhookAddressPolicy(allowLoopback: true, Resolve);
        Assert.Null(await development.CheckAsync("http://127.0.0.1:5000/hook"));
        Assert.Null(await development.CheckAsync("http://loopback.example.vn/hook"));
        Assert.NotNull(await development.CheckAsync("http://portal.example.vn/hook"));
        Assert.NotNull(await development.CheckAsync("https://10.0.0.1/hook"));
        Assert.False(WebhookAddressPolicy.For(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" }).AllowLoopback);
        Assert.True(WebhookAddressPolicy.For(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" }).AllowLoopback);
    }

    [Fact]
    public async Task ANameThatLaterResolvesToAPrivateAddressIsNotCalled()
    {
        // A receiver listening on loopback, and a name that resolved to a public address at registration.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var current = IPAddress.Parse("203.113.131.5");
        var policy = new WebhookAddressPolicy(false, (host, _) => Task.FromResult(host == "rebind.example.vn" ? new[] { current } : []));
        Assert.Null(await policy.CheckAsync($"https://rebind.example.vn:{port}/hook"));

        // The name is re-pointed at the loopback receiver (DNS rebinding): the delivery's connection is refused before it is made.
        current = IPAddress.Loopback;
        using var client = new HttpClient(policy.CreateHandler());
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync($"https://rebind.example.vn:{port}/hook", new StringContent("{}")));
        Assert.Equal(WebhookDeliveryErrors.AddressNotAllowed, WebhookDeliveryErrors.Classify(error));
        Assert.False(listener.Pending());

        // The same request under a policy that allows loopback does connect: the check above is what stopped it.
        using var allowing = new HttpClient(new WebhookAddressPolicy(true, (_, _) => Task.FromResult(new[] { IPAddress.Loopback })).CreateHandler())
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var pending = allowing.PostAsync($"http://rebind.example.vn:{port}/hook", new StringContent("{}"));
        using var accepted = await listener.AcceptTcpClientAsync();
        Assert.True(accepted.Connected);
        accepted.Close();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => pending);
    }

    [Fact]
    public void AFailedAttemptShowsACodeNotTheExceptionText()
    {
        Assert.Equal(WebhookDeliveryErrors.ConnectionFailed,
            WebhookDeliveryErrors.Classify(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (10.1.2.3:6379)")));
        Assert.Equal(WebhookDeliveryErrors.TimedOut, WebhookDeliveryErrors.Classify(new TaskCanceledException()));
    }
}
