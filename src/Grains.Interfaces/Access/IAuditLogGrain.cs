namespace MotCua.Grains.Interfaces.Access;

/// <summary>
/// One shard of one hour of the audit log, keyed by <see cref="AuditShards.Key"/>. API nodes append batches;
/// operators query across the shards of the hours they ask for.
/// </summary>
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>Appends entries, skipping any already stored (a retried batch is applied once).</summary>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries);

    /// <summary>Matching entries, newest first, at most <see cref="AuditQuery.Limit"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query);
}
