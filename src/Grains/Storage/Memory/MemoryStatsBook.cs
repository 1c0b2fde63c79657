using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Grains.Storage.Memory;

/// <summary>The embedded default's projections: the same rules as PostgreSQL's, held in this process.</summary>
public sealed class MemoryStatsBook : IStatsBook
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Track> dossiers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Agency, int Shard), ShardMeta> shards = [];
    private readonly HashSet<(string Channel, DateOnly Date, string Payment)> payments = [];
    private readonly Dictionary<(string Channel, DateOnly Date), DayTotals> days = [];

    public Task ApplyDossierAsync(string agencyCode, int shard, AgencyDossierChange change, DateTimeOffset now, CancellationToken ct = default)
    {
        lock (gate)
        {
            if (dossiers.TryGetValue(change.DossierCode, out var held) && held.LastSequence >= change.Sequence)
            {
                return Task.CompletedTask;
            }

            var track = held ?? new Track(agencyCode, shard);
            track.LastSequence = change.Sequence;
            track.Status = change.Status ?? track.Status;
            track.SubmittedMonth ??= change.SubmittedMonth;
            if (track.FinishedMonth is null && change.FinishedMonth is not null)
            {
                track.FinishedMonth = change.FinishedMonth;
                track.OnTime = change.OnTime;
            }

            dossiers[change.DossierCode] = track;
            var meta = shards.TryGetValue((agencyCode, shard), out var m) ? m : shards[(agencyCode, shard)] = new ShardMeta();
            meta.EventsApplied++;
            meta.UpdatedAt = now;
            if (meta.LastEventAt is null || change.OccurredAt > meta.LastEventAt)
            {
                meta.LastEventAt = change.OccurredAt;
            }
        }

        return Task.CompletedTask;
    }

    public Task<AgencyStatsPart> GetAgencyPartAsync(string agencyCode, int shard, string month, CancellationToken ct = default)
    {
        lock (gate)
        {
            var tracks = dossiers.Values.Where(t => t.Agency == agencyCode && t.Shard == shard).ToList();
            var meta = shards.GetValueOrDefault((agencyCode, shard));
            return Task.FromResult(new AgencyStatsPart(
                tracks.Count(t => t.SubmittedMonth == month),
                tracks.Count(t => t.FinishedMonth == month && t.OnTime == true),
                tracks.Count(t => t.FinishedMonth == month && t.OnTime == false),
                tracks.Where(t => t.Status is not null).GroupBy(t => t.Status!, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                meta?.LastEventAt,
                meta?.UpdatedAt,
                meta?.EventsApplied ?? 0));
        }
    }

    public Task ApplyCollectionAsync(ChannelDayCollection collection, DateTimeOffset now, CancellationToken ct = default)
    {
        lock (gate)
        {
            if (!payments.Add((collection.ChannelId, collection.Date, collection.PaymentId)))
            {
                return Task.CompletedTask;
            }

            var day = days.TryGetValue((collection.ChannelId, collection.Date), out var d) ? d : days[(collection.ChannelId, collection.Date)] = new DayTotals();
            var total = day.ByMethod.GetValueOrDefault(collection.Method) ?? new MethodTotal(0, 0);
            day.ByMethod[collection.Method] = new MethodTotal(total.Count + 1, checked(total.Amount + collection.Amount));
            day.UpdatedAt = now;
            if (day.LastEventAt is null || collection.OccurredAt > day.LastEventAt)
            {
                day.LastEventAt = collection.OccurredAt;
            }
        }

        return Task.CompletedTask;
    }

    public Task<ChannelDayStats> GetChannelDayAsync(string channelId, DateOnly date, CancellationToken ct = default)
    {
        lock (gate)
        {
            var day = days.GetValueOrDefault((channelId, date));
            var byMethod = new Dictionary<string, MethodTotal>(day?.ByMethod ?? [], StringComparer.Ordinal);
            return Task.FromResult(new ChannelDayStats(channelId, date, byMethod.Values.Sum(t => t.Count),
                byMethod.Values.Sum(t => t.Amount), byMethod, day?.LastEventAt, day?.UpdatedAt));
        }
    }

    private sealed class Track(string agency, int shard)
    {
        public string Agency { get; } = agency;
        public int Shard { get; } = shard;
        public long LastSequence { get; set; }
        public string? Status { get; set; }
        public string? SubmittedMonth { get; set; }
        public string? FinishedMonth { get; set; }
        public bool? OnTime { get; set; }
    }

    private sealed class ShardMeta
    {
        public DateTimeOffset? LastEventAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
        public long EventsApplied { get; set; }
    }

    private sealed class DayTotals
    {
        public Dictionary<string, MethodTotal> ByMethod { get; } = new(StringComparer.Ordinal);
        public DateTimeOffset? LastEventAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
    }
}
