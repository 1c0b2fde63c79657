using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Storage;
using Orleans.Concurrency;
using Orleans.Serialization;

namespace MotCua.Grains.Events;

/// <summary>
/// One shard of an agency's dossier projection: the last status of each dossier it has seen, when it was received and
/// when its result was ready (<c>processed</c>) against its due date at that moment. Received counts by the month of
/// submission, on time and late by the month the result was ready (Vietnam time); by status counts every dossier seen.
/// An event whose sequence the dossier has already passed is ignored, so redelivery changes nothing. Every event of the
/// shard's dossiers passes through it, from every stream partition: events that arrive while a write is in flight are
/// stored together in the next write (<see cref="GroupCommit{T}"/>), and an event is acknowledged only once stored.
/// </summary>
[GrainType("agency-stats"), Reentrant]
public sealed class AgencyStatsGrain : Grain, IAgencyStatsGrain
{
    private const string Processed = "processed";

    /// <summary>
    /// Each stream partition hands this shard one event at a time and waits for it, so without a pause few events would
    /// overlap a write: the full bench run measured one write of the whole shard (70 KB) per event. Events that arrive
    /// within this pause share a write; the projection is that much later, which its lag figure shows.
    /// </summary>
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(50);

    private readonly GroupCommit<AgencyStatsState> commit;
    private readonly TimeProvider time;

    public AgencyStatsGrain(
        [PersistentState(EventStateNames.AgencyStats, StorageNames.Default)] IPersistentState<AgencyStatsState> store,
        DeepCopier<AgencyStatsState> copier,
        TimeProvider time)
    {
        commit = new GroupCommit<AgencyStatsState>(store, copier, DeactivateOnIdle, Linger);
        this.time = time;
    }

    private AgencyStatsState State => commit.State;

    public async Task ApplyAsync(DomainEvent domainEvent)
    {
        if (domainEvent.Subject.DossierCode is not { } code)
        {
            return;
        }

        if (!State.Dossiers.TryGetValue(code, out var track))
        {
            track = new DossierTrack();
            State.Dossiers[code] = track;
        }

        if (domainEvent.Sequence <= track.LastSequence)
        {
            await commit.StoredAsync(); // its first delivery may still be waiting for its write
            return;
        }

        track.LastSequence = domainEvent.Sequence;
        if (domainEvent.Subject.Status is { } status)
        {
            track.Status = status;
        }

        if (domainEvent.Type == EventTypes.DossierSubmitted)
        {
            track.SubmittedAt = domainEvent.OccurredAt;
        }

        if (domainEvent.Type == EventTypes.DossierStatusChanged && domainEvent.Subject.Status == Processed && track.FinishedAt is null)
        {
            track.FinishedAt = domainEvent.OccurredAt;
            track.OnTime = domainEvent.Subject.DueAt is not { } due || domainEvent.OccurredAt <= due;
        }

        if (State.LastEventAt is null || domainEvent.OccurredAt > State.LastEventAt)
        {
            State.LastEventAt = domainEvent.OccurredAt;
        }

        State.UpdatedAt = time.GetUtcNow();
        State.EventsApplied++;
        await commit.CommitAsync();
    }

    public Task<AgencyStatsPart> GetAsync(string month)
    {
        bool InMonth(DateTimeOffset? at) => at is { } a && a.ToVietnam().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) == month;
        var tracks = State.Dossiers.Values;
        var byStatus = tracks.Where(t => t.Status is not null).GroupBy(t => t.Status!).ToDictionary(g => g.Key, g => g.Count());
        return Task.FromResult(new AgencyStatsPart(
            tracks.Count(t => InMonth(t.SubmittedAt)),
            tracks.Count(t => InMonth(t.FinishedAt) && t.OnTime == true),
            tracks.Count(t => InMonth(t.FinishedAt) && t.OnTime == false),
            byStatus,
            State.LastEventAt,
            State.UpdatedAt,
            State.EventsApplied));
    }
}

/// <summary>The persisted state of one shard of an agency's projection.</summary>
[GenerateSerializer, Alias("motcua.agency-stats-state")]
public sealed class AgencyStatsState
{
    [Id(0)] public Dictionary<string, DossierTrack> Dossiers { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public DateTimeOffset? LastEventAt { get; set; }
    [Id(2)] public DateTimeOffset? UpdatedAt { get; set; }
    [Id(3)] public long EventsApplied { get; set; }
}

/// <summary>What the projection keeps of one dossier.</summary>
[GenerateSerializer, Alias("motcua.agency-stats-dossier")]
public sealed class DossierTrack
{
    [Id(0)] public long LastSequence { get; set; }
    [Id(1)] public string? Status { get; set; }
    [Id(2)] public DateTimeOffset? SubmittedAt { get; set; }
    [Id(3)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(4)] public bool? OnTime { get; set; }
}
