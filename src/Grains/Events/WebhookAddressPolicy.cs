using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;

namespace MotCua.Grains.Events;

/// <summary>
/// Where webhooks may go: https URLs whose host resolves only to public unicast addresses. Checked when an endpoint is
/// registered (<see cref="CheckAsync"/>) and again at every delivery against the address actually connected
/// (<see cref="CreateHandler"/>'s connect callback resolves the name itself and connects only to an allowed address), so
/// a name that is re-pointed at an internal address later (DNS rebinding) is not called.
/// </summary>
/// <remarks>
/// In the Development environment, plain http to a loopback host (and loopback addresses) is allowed, for local
/// receivers; nowhere else. <see cref="ForTests"/> allows the same for in-process test clusters; it can only be set in
/// code (a test host's service registration), never by configuration.
/// </remarks>
public sealed class WebhookAddressPolicy
{
    private static readonly IPNetwork[] Special =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.0.2.0/24"), IPNetwork.Parse("192.88.99.0/24"),
        IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("64:ff9b::/96"), IPNetwork.Parse("64:ff9b:1::/48"),
        IPNetwork.Parse("100::/64"), IPNetwork.Parse("2001::/23"), IPNetwork.Parse("2001:db8::/32"), IPNetwork.Parse("2002::/16"),
        IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("fec0::/10"), IPNetwork.Parse("ff00::/8"),
    ];

    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    /// <param name="allowLoopback">Allow http to loopback hosts and loopback addresses (Development and tests only).</param>
    /// <param name="resolve">Name resolution; <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/> by default.</param>
    public WebhookAddressPolicy(bool allowLoopback, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        AllowLoopback = allowLoopback;
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
    }

    /// <summary>Whether loopback receivers over http are allowed.</summary>
    public bool AllowLoopback { get; }

    /// <summary>The policy for a host: loopback allowed only in the Development environment.</summary>
    public static WebhookAddressPolicy For(IHostEnvironment? environment) => new(environment?.IsDevelopment() == true);

    /// <summary>For in-process test clusters that deliver to local http receivers.</summary>
    public static WebhookAddressPolicy ForTests(Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null) => new(true, resolve);

    /// <summary>True if a connection to <paramref name="address"/> is allowed.</summary>
    public bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return AllowLoopback;
        }

        return !Special.Any(n => n.Contains(address));
    }

    /// <summary>
    /// Why <paramref name="url"/> may not receive webhooks (its scheme, its literal address, or an address its host
    /// resolves to), or null if it may.
    /// </summary>
    public async Task<string?> CheckAsync(string url, CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return "must be an absolute https URL.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not carry a user name or password.";
        }

        IPAddress[] addresses;
        try
        {
            addresses = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
                ? [IPAddress.Parse(uri.IdnHost.Trim('[', ']'))]
                : await _resolve(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return $"its host '{uri.Host}' does not resolve.";
        }

        if (addresses.Length == 0)
        {
            return $"its host '{uri.Host}' does not resolve.";
        }

        if (addresses.FirstOrDefault(a => !IsAllowed(a)) is { } refused)
        {
            return $"its host resolves to {refused}, a loopback, private, link-local or otherwise special address; webhooks go only to public addresses.";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !(AllowLoopback && addresses.All(IPAddress.IsLoopback)))
        {
            return "must use https.";
        }

        return null;
    }

    /// <summary>
    /// The handler deliveries use: no proxy, no redirects, and a connect callback that resolves the host, keeps only allowed
    /// addresses and connects to one of them, so the address checked is the address connected.
    /// </summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        ConnectCallback = ConnectAsync,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await _resolve(host, cancellationToken);
        var allowed = addresses.Where(IsAllowed).ToList();
        if (allowed.Count == 0 || allowed.Count != addresses.Length)
        {
            throw new WebhookAddressRefusedException(host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.Select(a => new IPEndPoint(a, context.DnsEndPoint.Port)).First(), cancellationToken);
            if (socket.RemoteEndPoint is not IPEndPoint connected || !IsAllowed(connected.Address))
            {
                throw new WebhookAddressRefusedException(host);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A delivery refused because the receiver's host resolved to an address webhooks may not reach.</summary>
public sealed class WebhookAddressRefusedException(string host)
    : HttpRequestException($"The webhook host '{host}' resolves to an address webhooks may not reach.");
