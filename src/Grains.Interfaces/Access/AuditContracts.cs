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
