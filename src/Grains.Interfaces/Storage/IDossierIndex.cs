using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;

namespace MotCua.Grains.Interfaces.Storage;

/// <summary>
/// The dossier projection for lists: one row per dossier (<c>motcua_dossier_index</c> in durable mode), upserted by
/// the dossier grain after each of its writes and never overwritten by an older version. Lists are ordered by due date
/// (none last), then code, and page by offset or by keyset (<see cref="DossierIndexQuery.After"/>).
/// </summary>
public interface IDossierIndex
{
    /// <summary>Stores the dossier's summary unless the row holds that version or a later one.</summary>
    Task UpsertAsync(DossierIndexEntry entry, CancellationToken ct = default);

    /// <summary>One page of <paramref name="agencyCode"/>'s listed dossiers (<see cref="DossierIndexRules.IsListed"/> at <paramref name="now"/>).</summary>
    Task<DossierIndexPage> QueryAsync(string agencyCode, DossierIndexQuery query, DateTimeOffset now, CancellationToken ct = default);
}

/// <summary>Which dossiers a list shows, the same for every <see cref="IDossierIndex"/>.</summary>
public static class DossierIndexRules
{
    /// <summary>How long a closed dossier stays listed after its last change.</summary>
    public static readonly TimeSpan ClosedRetention = TimeSpan.FromDays(30);

    /// <summary>The largest page a query may ask for.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Statuses after which nothing more happens to a dossier.</summary>
    public static readonly IReadOnlySet<DossierStatus> ClosedStatuses = new HashSet<DossierStatus>
    {
        DossierStatus.Refused, DossierStatus.Withdrawn, DossierStatus.Stopped, DossierStatus.Returned,
    };

    /// <summary>Open dossiers are always listed; closed ones for <see cref="ClosedRetention"/> after their last change.</summary>
    public static bool IsListed(DossierIndexEntry entry, DateTimeOffset now) =>
        !ClosedStatuses.Contains(entry.Status) || now - entry.ChangedAt <= ClosedRetention;

    /// <summary>Checks a query's page, size and cursor.</summary>
    public static void Validate(DossierIndexQuery query)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, MaxPageSize);
        if (query.After is not null && query.Page != 1)
        {
            throw new ArgumentException("A keyset query (After) reads from its cursor; its page must be 1.", nameof(query));
        }
    }
}

/// <summary>How a page is built from the rows a query found, the same for every <see cref="IDossierIndex"/>.</summary>
public static class DossierIndexPages
{
    public static DossierIndexPage Of(string agencyCode, DossierIndexQuery query, int total, IReadOnlyList<DossierIndexEntry> rows)
    {
        var items = rows.Select(e => new DossierSummaryView(e.Code, e.Status.ToApiName(), (int)e.Status, e.ProcedureCode,
            e.ReceivingCentre, e.DueAt?.ToVietnam(), e.Overdue, e.ChangedAt.ToVietnam())).ToList();
        var next = rows.Count == query.PageSize ? new DossierIndexPosition(rows[^1].DueAt, rows[^1].Code) : null;
        return new DossierIndexPage(agencyCode, query.Page, query.PageSize, total, items, next);
    }
}
