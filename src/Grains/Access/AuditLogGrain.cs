using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Access;

namespace MotCua.Grains.Access;

/// <summary>
/// One shard of one hour of the audit log (<see cref="AuditShards.Key"/>): API nodes append batches, each batch is
/// one write; an entry already stored (a retried batch) is skipped.
/// </summary>
[GrainType("audit-log")]
public sealed class AuditLogGrain(
    [PersistentState(StateNames.AuditLog, StorageNames.Default)] IPersistentState<AuditLogState> store)
    : Grain, IAuditLogGrain
{
    private HashSet<Guid>? _ids;

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries)
    {
        _ids ??= store.State.Entries.Select(e => e.Id).ToHashSet();
        var added = 0;
        foreach (var entry in entries)
        {
            if (_ids.Add(entry.Id))
            {
                store.State.Entries.Add(entry);
                added++;
            }
        }

        if (added == 0)
        {
            return;
        }

        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            // The write failed: forget the in-memory copy so the caller's retry starts from what is stored.
            _ids = null;
            await store.ReadStateAsync();
            throw;
        }
    }

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query)
    {
        IEnumerable<AuditEntry> entries = store.State.Entries;
        if (query.KeyId is not null)
        {
            entries = entries.Where(e => e.KeyId == query.KeyId);
        }

        if (query.Outcome is not null)
        {
            entries = entries.Where(e => e.Outcome == query.Outcome);
        }

        if (query.Target is not null)
        {
            entries = entries.Where(e => e.Target == query.Target);
        }

        return Task.FromResult<IReadOnlyList<AuditEntry>>(entries.OrderByDescending(e => e.At).Take(query.Limit).ToList());
    }
}

/// <summary>The entries of one audit shard-hour, in arrival order.</summary>
[GenerateSerializer, Alias("motcua.audit-log-state")]
public sealed class AuditLogState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
}
