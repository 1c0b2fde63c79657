using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Access;
using MotCua.Grains.Interfaces.Common;

namespace MotCua.Grains.Access;

/// <summary>
/// One shard of one hour of the audit log (<see cref="AuditShards.Key"/>): API nodes append batches, each batch is
/// one write; an entry already stored (a retried batch) is skipped.
/// </summary>
/// <remarks>
/// The hour is stored as six pages of ten minutes (by the entry's time), and a batch rewrites only the pages its entries
/// fall in. A write rewrites its whole row, so with one row per hour the last flushes of a busy hour each rewrote
/// everything logged since the hour began (the bench measured rows of 1.2 MB rewritten twice a second); with pages a
/// row holds at most ten minutes. Hours stored before pages existed are whole in the first page and read as they were.
/// </remarks>
[GrainType("audit-log")]
public sealed class AuditLogGrain : Grain, IAuditLogGrain
{
    private const int PageMinutes = 10;

    private readonly IPersistentState<AuditLogState>[] pages;
    private HashSet<Guid>? _ids;

    public AuditLogGrain(
        [PersistentState(StateNames.AuditLog, StorageNames.Default)] IPersistentState<AuditLogState> minute0,
        [PersistentState(StateNames.AuditLog10, StorageNames.Default)] IPersistentState<AuditLogState> minute10,
        [PersistentState(StateNames.AuditLog20, StorageNames.Default)] IPersistentState<AuditLogState> minute20,
        [PersistentState(StateNames.AuditLog30, StorageNames.Default)] IPersistentState<AuditLogState> minute30,
        [PersistentState(StateNames.AuditLog40, StorageNames.Default)] IPersistentState<AuditLogState> minute40,
        [PersistentState(StateNames.AuditLog50, StorageNames.Default)] IPersistentState<AuditLogState> minute50)
    {
        pages = [minute0, minute10, minute20, minute30, minute40, minute50];
    }

    private IEnumerable<AuditEntry> Entries => pages.SelectMany(p => p.State.Entries);

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries)
    {
        _ids ??= Entries.Select(e => e.Id).ToHashSet();
        var touched = new HashSet<int>();
        foreach (var entry in entries)
        {
            if (_ids.Add(entry.Id))
            {
                var page = entry.At.ToVietnam().Minute / PageMinutes;
                pages[page].State.Entries.Add(entry);
                touched.Add(page);
            }
        }

        foreach (var page in touched.Order())
        {
            try
            {
                await pages[page].WriteStateAsync();
            }
            catch
            {
                // The write failed: forget the in-memory copy so the caller's retry starts from what is stored.
                _ids = null;
                foreach (var unwritten in touched)
                {
                    await pages[unwritten].ReadStateAsync();
                }

                throw;
            }
        }
    }

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query)
    {
        var entries = Entries;
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

/// <summary>The entries of one page (ten minutes) of one audit shard-hour, in arrival order.</summary>
[GenerateSerializer, Alias("motcua.audit-log-state")]
public sealed class AuditLogState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
}
