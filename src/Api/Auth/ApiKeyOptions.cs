namespace MotCua.Api.Auth;

/// <summary>API keys (configuration section <c>MotCua:Auth</c>). Keys are stored only as SHA-256 hashes.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "MotCua:Auth";

    /// <summary>
    /// Whether the development keys (<c>dev-portal</c>, ...) are accepted. Defaults to true in the Development
    /// environment only; set to true anywhere else and the host refuses to start.
    /// </summary>
    public bool? DevelopmentKeys { get; set; }

    /// <summary>Issued keys.</summary>
    public List<ApiKeyEntry> Keys { get; set; } = [];
}

/// <summary>One issued key: its public id, the SHA-256 hex of the secret, its role and binding.</summary>
public sealed class ApiKeyEntry
{
    public string Id { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public string Role { get; set; } = "";
    public string? AgencyCode { get; set; }
    public string? ChannelId { get; set; }
}
