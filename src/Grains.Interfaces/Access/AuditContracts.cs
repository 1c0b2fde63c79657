namespace MotCua.Grains.Interfaces.Access;

/// <summary>
/// One audited request: who (key id and role, never the key), what (method and route pattern), on what (the
/// route's ids), and how it ended (status and problem code).
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.audit-entry")]
public sealed record AuditEntry(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string KeyId,
    [property: Id(3)] string Role,
    [property: Id(4)] string Method,
    [property: Id(5)] string Route,
    [property: Id(6)] string? Target,
    [property: Id(7)] int Status,
    [property: Id(8)] string Outcome,
    [property: Id(9)] string? TraceId);

/// <summary>A filter over one audit log grain's entries.</summary>
[GenerateSerializer, Immutable, Alias("motcua.audit-query")]
public sealed record AuditQuery(
    [property: Id(0)] string? KeyId,
    [property: Id(1)] string? Outcome,
    [property: Id(2)] string? Target,
    [property: Id(3)] int Limit);

/// <summary>How audit log grains are keyed: Vietnam date and hour, and a shard, so no single grain takes every write.</summary>
public static class AuditShards
{
    /// <summary>Shards per hour.</summary>
    public const int Count = 8;

    /// <summary>The grain key <c>{yyyyMMdd}-{HH}-{shard}</c> for an instant in Vietnam time and a shard.</summary>
    public static string Key(DateTimeOffset at, int shard) =>
        $"{at.ToOffset(Common.VietnamTime.Offset):yyyyMMdd-HH}-{shard}";
}
