namespace MotCua.Gateways;

/// <summary>
/// The payment providers MotCua talks to, by the name used in configuration sections,
/// notification routes (<c>/v1/gateways/{provider}/notifications</c>) and exceptions.
/// </summary>
public static class GatewayProviders
{
    /// <summary>Bank transfers by VietQR (NAPAS 24/7), reported by the collecting bank.</summary>
    public const string Bank = "bank";

    /// <summary>The ViettelPay e-wallet.</summary>
    public const string ViettelPay = "viettelpay";

    /// <summary>The VNPT Pay e-wallet.</summary>
    public const string VnptPay = "vnptpay";

    /// <summary>All providers, in a stable order.</summary>
    public static readonly IReadOnlyList<string> All = [Bank, ViettelPay, VnptPay];
}
