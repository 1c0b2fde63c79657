using Microsoft.Extensions.Options;
using MotCua.Sandbox.Configuration;

namespace MotCua.Sandbox.Providers;

/// <summary>The sandbox page where a citizen "pays" an e-wallet payment.</summary>
public static class CheckoutLinks
{
    /// <summary><c>{PublicBaseUrl or this request's origin}/checkout/{provider}/{transactionId}</c>.</summary>
    public static string For(HttpRequest request, string provider, string transactionId)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<SandboxOptions>>().CurrentValue.PublicBaseUrl;
        var origin = configured?.GetLeftPart(UriPartial.Authority) ?? $"{request.Scheme}://{request.Host}";
        return $"{origin}/checkout/{provider}/{Uri.EscapeDataString(transactionId)}";
    }
}
