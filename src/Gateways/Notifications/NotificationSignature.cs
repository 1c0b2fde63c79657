using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MotCua.Gateways.Notifications;

/// <summary>
/// The one signature scheme of all three providers' notifications (see PROTOCOLS.md): header
/// <c>Gateway-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, where hex is the lowercase HMAC-SHA256, keyed with the
/// UTF-8 bytes of the provider's webhook secret, of the ASCII timestamp, a dot, and the raw body bytes exactly as sent.
/// A header may carry several <c>v1</c> values (while a secret is being rotated); one match suffices.
/// </summary>
public static class NotificationSignature
{
    /// <summary>The header that carries the signature.</summary>
    public const string HeaderName = "Gateway-Signature";

    /// <summary>Signs <paramref name="rawBody"/> at <paramref name="signedAt"/>: the value for <see cref="HeaderName"/>.</summary>
    public static string Create(ReadOnlySpan<byte> rawBody, string secret, DateTimeOffset signedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var timestamp = signedAt.ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"t={timestamp},v1={Convert.ToHexStringLower(Compute(timestamp, rawBody, secret))}");
    }

    /// <summary>Signs a UTF-8 body.</summary>
    public static string Create(string rawBody, string secret, DateTimeOffset signedAt) =>
        Create(Encoding.UTF8.GetBytes(rawBody), secret, signedAt);

    internal static byte[] Compute(long timestamp, ReadOnlySpan<byte> rawBody, string secret)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(rawBody);
        return hmac.GetHashAndReset();
    }
}
