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

    /// <summary>Keys configured as hashes (for bootstrapping an operator key; others are issued through the API).</summary>
    public List<ApiKeyEntry> Keys { get; set; } = [];

    /// <summary>
    /// How long an API node trusts what it read about an issued key (default 30 s): a revoked key stops working on
    /// every API node within this time, at once on the node that revoked it.
    /// </summary>
    public int CacheSeconds { get; set; } = 30;

    /// <summary>Reads of issued keys not in an API node's cache allowed per second on that node (default 500).</summary>
    public int LookupsPerSecond { get; set; } = 500;
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
