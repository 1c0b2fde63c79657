using MotCua.Gateways;

namespace MotCua.Sandbox.Configuration;

/// <summary>The sandbox's settings, section <c>Sandbox</c>.</summary>
public sealed class SandboxOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sandbox";

    /// <summary>
    /// Where notifications go: <c>{CallbackBaseUrl}/v1/gateways/{provider}/notifications</c>. Without one, notifications are
    /// logged as <c>no_callback</c> and can be resent later.
    /// </summary>
    public Uri? CallbackBaseUrl { get; set; }

    /// <summary>The base of checkout URLs handed to citizens; defaults to the address the request came to.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Merchant accounts by provider (<c>bank</c>, <c>viettelpay</c>, <c>vnptpay</c>); missing ones get <see cref="ProviderAccount.Development"/>.</summary>
    public Dictionary<string, ProviderAccount> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The merchant account configured for <paramref name="provider"/>, or its development default.</summary>
    public ProviderAccount Account(string provider) =>
        Providers.TryGetValue(provider, out var account) ? account : ProviderAccount.Development(provider);

    /// <summary>True for a provider the sandbox speaks.</summary>
    public static bool IsProvider(string provider) => GatewayProviders.All.Contains(provider);
}
