using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MotCua.Grains.Events;

/// <summary>
/// The <c>MotCua-Signature</c> header of a webhook delivery: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of
/// "t.body"&gt;</c>, keyed with the UTF-8 bytes of the endpoint's secret.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "MotCua-Signature";

    public static string Sign(string secret, long unixSeconds, string body)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>A new endpoint secret: <c>whsec_</c> and 32 random bytes in hex.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
