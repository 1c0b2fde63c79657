using MotCua.Grains.Interfaces.Access;

namespace MotCua.Grains.Interfaces.Storage;

/// <summary>
/// The audit log, one insert-only row per audited request (<c>motcua_audit</c> in durable mode). API nodes append
/// their batches straight to it; no grain stands in between. Times are kept to the microsecond (PostgreSQL's
/// precision), so an entry reads back exactly as any implementation stored it.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Stores entries in one commit, skipping any whose id is stored already (a retried batch is applied once).</summary>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct = default);

    /// <summary>Matching entries, newest first (ties by id, descending), at most <see cref="AuditTrailQuery.Limit"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditTrailQuery query, CancellationToken ct = default);
}

/// <summary>
/// Entries at or after <see cref="From"/> and before <see cref="To"/>, optionally of one key, outcome or target, and
/// strictly older than <see cref="Before"/> in the (time, id) order a page ends with.
/// </summary>
public sealed record AuditTrailQuery(
    DateTimeOffset From, DateTimeOffset To, string? KeyId, string? Outcome, string? Target, int Limit, AuditPosition? Before = null);

/// <summary>Where a page of the audit log ended: the last entry's time and id.</summary>
public sealed record AuditPosition(DateTimeOffset At, Guid Id);

/// <summary>The precision every <see cref="IAuditTrail"/> keeps.</summary>
public static class AuditTime
{
    /// <summary><paramref name="at"/> cut to the microsecond, in UTC.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
}
