namespace MotCua.Grains.Interfaces.Common;

/// <summary>Who asked for a change: the API key's id and role, and the agency or channel it is bound to.</summary>
[GenerateSerializer, Immutable, Alias("motcua.actor")]
public sealed record Actor(
    [property: Id(0)] string Role,
    [property: Id(1)] string KeyId,
    [property: Id(2)] string? AgencyCode = null,
    [property: Id(3)] string? ChannelId = null)
{
    /// <summary>MotCua itself, for changes no caller asked for (a dossier returning to processing once paid).</summary>
    public static readonly Actor System = new(Roles.System, "system");
}

/// <summary>The roles an API key can have, plus the system's own.</summary>
public static class Roles
{
    public const string Portal = "portal";
    public const string Officer = "officer";
    public const string Agent = "agent";
    public const string Operator = "operator";
    public const string System = "system";
}
