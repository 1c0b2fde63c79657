using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Grains.Storage.Memory;

/// <summary>The embedded default's dossier projection: the same rules and order as PostgreSQL's, held in this process.</summary>
public sealed class MemoryDossierIndex : IDossierIndex
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<string, DossierIndexEntry>> agencies = new(StringComparer.Ordinal);

    public Task UpsertAsync(DossierIndexEntry entry, CancellationToken ct = default)
    {
        lock (gate)
        {
            if (!agencies.TryGetValue(entry.AgencyCode, out var rows))
            {
                agencies[entry.AgencyCode] = rows = new Dictionary<string, DossierIndexEntry>(StringComparer.Ordinal);
            }

            if (!rows.TryGetValue(entry.Code, out var held) || held.Version < entry.Version)
            {
                rows[entry.Code] = entry with { DueAt = Microseconds(entry.DueAt), ChangedAt = Microseconds(entry.ChangedAt)!.Value };
            }
        }

        return Task.CompletedTask;
    }

    public Task<DossierIndexPage> QueryAsync(string agencyCode, DossierIndexQuery query, DateTimeOffset now, CancellationToken ct = default)
    {
        DossierIndexRules.Validate(query);
        List<DossierIndexEntry> matches;
        lock (gate)
        {
            matches = agencies.TryGetValue(agencyCode, out var rows)
                ? [.. rows.Values
                    .Where(e => DossierIndexRules.IsListed(e, now))
                    .Where(e => query.Status is null || e.Status == query.Status)
                    .Where(e => query.Overdue is null || e.Overdue == query.Overdue)
                    .OrderBy(e => e.DueAt ?? DateTimeOffset.MaxValue)
                    .ThenBy(e => e.Code, StringComparer.Ordinal)]
                : [];
        }

        IEnumerable<DossierIndexEntry> from = matches;
        if (query.After is { } after)
        {
            var afterDue = after.DueAt ?? DateTimeOffset.MaxValue;
            from = matches.Where(e => (e.DueAt ?? DateTimeOffset.MaxValue) > afterDue
                || ((e.DueAt ?? DateTimeOffset.MaxValue) == afterDue && string.CompareOrdinal(e.Code, after.Code) > 0));
        }
        else
        {
            from = matches.Skip((int)Math.Min(int.MaxValue, (long)(query.Page - 1) * query.PageSize));
        }

        var page = from.Take(query.PageSize).ToList();
        return Task.FromResult(DossierIndexPages.Of(agencyCode, query, matches.Count, page));
    }

    private static DateTimeOffset? Microseconds(DateTimeOffset? at) =>
        at is { } value ? new DateTimeOffset(value.Ticks - value.Ticks % 10, value.Offset) : null;
}
