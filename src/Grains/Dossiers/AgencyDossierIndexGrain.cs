using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Storage;
using Orleans.Concurrency;
using Orleans.Serialization;

namespace MotCua.Grains.Dossiers;

/// <summary>
/// One agency's list of dossiers, fed by the dossier grains after each of their writes (see
/// <see cref="IAgencyDossierIndexGrain"/>). The dossier grain is the truth; this is a projection for listing. Every
/// change of every dossier of the agency passes through it, so updates interleave and are stored together
/// (<see cref="GroupCommit{T}"/>).
/// </summary>
/// <remarks>
/// Bounded: an entry for a dossier that is closed (refused, withdrawn, stopped, returned) is dropped
/// <see cref="ClosedRetention"/> after its last change, so the state holds the agency's open dossiers plus about a month
/// of closed ones. The open ones are the agency's working set and are not capped; an agency with more open dossiers than
/// one row should carry (tens of thousands) would split its index by acceptance month, with the same contract.
/// </remarks>
[Reentrant]
public sealed class AgencyDossierIndexGrain : Grain, IAgencyDossierIndexGrain
{
    /// <summary>The state name of the index (unique among MotCua's state types, as ADO.NET storage requires).</summary>
    public const string StateName = "agency-dossier-index-v1";

    /// <summary>How long a closed dossier stays listed after its last change.</summary>
    public static readonly TimeSpan ClosedRetention = TimeSpan.FromDays(30);

    /// <summary>The largest page a query may ask for.</summary>
    public const int MaxPageSize = 100;

    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    private static readonly IReadOnlySet<DossierStatus> ClosedStatuses = new HashSet<DossierStatus>
    {
        DossierStatus.Refused, DossierStatus.Withdrawn, DossierStatus.Stopped, DossierStatus.Returned,
    };

    private readonly GroupCommit<AgencyDossierIndexState> commit;
    private readonly TimeProvider time;

    public AgencyDossierIndexGrain(
        [PersistentState(StateName, StorageNames.Default)] IPersistentState<AgencyDossierIndexState> store,
        DeepCopier<AgencyDossierIndexState> copier,
        TimeProvider time)
    {
        commit = new GroupCommit<AgencyDossierIndexState>(store, copier, DeactivateOnIdle);
        this.time = time;
    }

    private AgencyDossierIndexState State => commit.State;

    public async Task UpsertAsync(DossierIndexEntry entry)
    {
        if (entry.AgencyCode != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"Dossier {entry.Code} belongs to agency {entry.AgencyCode}, not {this.GetPrimaryKeyString()}.",
                nameof(entry));
        }

        if (State.Entries.TryGetValue(entry.Code, out var held) && held.Version >= entry.Version)
        {
            await commit.StoredAsync(); // what it already holds may still be waiting for its write
            return;
        }

        var now = time.GetUtcNow();
        if (IsExpired(entry, now))
        {
            State.Entries.Remove(entry.Code);
        }
        else
        {
            State.Entries[entry.Code] = entry;
        }

        if (now - State.LastPrunedAt >= PruneEvery)
        {
            foreach (var code in State.Entries.Values.Where(e => IsExpired(e, now)).Select(e => e.Code).ToList())
            {
                State.Entries.Remove(code);
            }

            State.LastPrunedAt = now;
        }

        await commit.CommitAsync();
    }

    public Task<DossierIndexPage> QueryAsync(DossierIndexQuery query)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, MaxPageSize);

        var matches = State.Entries.Values
            .Where(e => query.Status is null || e.Status == query.Status)
            .Where(e => query.Overdue is null || e.Overdue == query.Overdue)
            .OrderBy(e => e.DueAt is null)
            .ThenBy(e => e.DueAt)
            .ThenBy(e => e.Code, StringComparer.Ordinal)
            .ToList();
        var items = matches
            .Skip((int)Math.Min(int.MaxValue, (long)(query.Page - 1) * query.PageSize))
            .Take(query.PageSize)
            .Select(e => new DossierSummaryView(e.Code, e.Status.ToApiName(), (int)e.Status, e.ProcedureCode, e.ReceivingCentre,
                e.DueAt, e.Overdue, e.ChangedAt))
            .ToList();
        return Task.FromResult(new DossierIndexPage(this.GetPrimaryKeyString(), query.Page, query.PageSize, matches.Count, items));
    }

    private static bool IsExpired(DossierIndexEntry entry, DateTimeOffset now) =>
        ClosedStatuses.Contains(entry.Status) && now - entry.ChangedAt > ClosedRetention;
}

[GenerateSerializer, Alias("motcua.agency-dossier-index-state")]
public sealed class AgencyDossierIndexState
{
    [Id(0)] public Dictionary<string, DossierIndexEntry> Entries { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public DateTimeOffset LastPrunedAt { get; set; }
}
