using MotCua.Grains.Interfaces.Access;
using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Api.Audit;

/// <summary>
/// The embedded default's audit log: this process's entries, in memory, gone when it stops. An API node on its own
/// without PostgreSQL therefore sees only the requests it served itself.
/// </summary>
public sealed class MemoryAuditTrail : IAuditTrail
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, AuditEntry> _byId = [];
    private readonly SortedSet<AuditEntry> _ordered = new(Comparer<AuditEntry>.Create(Compare));

    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct = default)
    {
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                var stored = entry with { At = AuditTime.Truncate(entry.At) };
                if (_byId.TryAdd(stored.Id, stored))
                {
                    _ordered.Add(stored);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditTrailQuery query, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        lock (_gate)
        {
            IEnumerable<AuditEntry> entries = _ordered.Reverse()
                .Where(e => e.At >= query.From && e.At < query.To)
                .Where(e => query.KeyId is null || e.KeyId == query.KeyId)
                .Where(e => query.Outcome is null || e.Outcome == query.Outcome)
                .Where(e => query.Target is null || e.Target == query.Target);
            if (query.Before is { } before)
            {
                entries = entries.Where(e => e.At < before.At || (e.At == before.At && e.Id.CompareTo(before.Id) < 0));
            }

            return Task.FromResult<IReadOnlyList<AuditEntry>>([.. entries.Take(query.Limit)]);
        }
    }

    private static int Compare(AuditEntry x, AuditEntry y)
    {
        var byTime = x.At.CompareTo(y.At);
        return byTime != 0 ? byTime : x.Id.CompareTo(y.Id);
    }
}
