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

    /// <summary>
    /// Reads of key ids this node does not know yet allowed per second on that node (default 500). Refreshing a key
    /// already known to be real is not counted, so a flood of made-up ids cannot lock real keys out.
    /// </summary>
    public int LookupsPerSecond { get; set; } = 500;

    /// <summary>Issued keys (real ones only) an API node keeps in its least-recently-used cache (default 10 000).</summary>
    public int CachedKeys { get; set; } = 10_000;

    /// <summary>Key ids found not to exist that an API node remembers, in a separate small cache (default 1 024).</summary>
    public int CachedUnknownKeys { get; set; } = 1024;
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
