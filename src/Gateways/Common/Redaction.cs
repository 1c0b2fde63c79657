namespace MotCua.Gateways;

/// <summary>Renders secrets for logs and <c>ToString</c> without revealing them.</summary>
internal static class Redaction
{
    /// <summary><c>(empty)</c> for no value, otherwise <c>***</c>: not even a prefix leaks.</summary>
    public static string Redact(string? secret) => string.IsNullOrEmpty(secret) ? "(empty)" : "***";
}
