namespace MotCua.Api.StatusLinks;

/// <summary>
/// The keys that sign the status links printed on receipt slips (<c>MotCua:StatusLinks</c>). <see cref="CurrentKeyId"/>
/// signs new tokens; every key in <see cref="Keys"/> still verifies, so a key is rotated by adding a new one, making it
/// current, and keeping the old one for as long as its slips are in citizens' hands.
/// </summary>
public sealed class StatusLinkOptions
{
    public const string Section = "MotCua:StatusLinks";

    /// <summary>The id of the key that signs new tokens (1–16 characters: letters, digits, <c>-</c>, <c>_</c>).</summary>
    public string? CurrentKeyId { get; set; }

    /// <summary>Key id → secret, base64, at least 32 bytes.</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Where citizens reach the API (e.g. <c>https://motcua.example.vn</c>), for the URL in the slip's QR; when unset the
    /// request's own scheme and host are used.
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}
