using MotCua.Grains.Interfaces.Events;

namespace MotCua.Grains.Interfaces.Storage;

/// <summary>
/// The event-fed projections behind <c>/v1/stats</c>, as rows instead of grain state that grew with every dossier and
/// payment (tables <c>motcua_agency_dossier_stats</c>, <c>motcua_agency_stats_shards</c>, <c>motcua_channel_day_payments</c>
/// and <c>motcua_channel_day_totals</c> in durable mode). Redelivered events change nothing.
/// </summary>
public interface IStatsBook
{
    /// <summary>
    /// Applies one dossier event to its row in the agency's <paramref name="shard"/>, unless the row has seen that
    /// sequence or a later one. The status replaces the row's when given; the submission and the first result are
    /// kept once. Counts the event in the shard's figures when applied.
    /// </summary>
    Task ApplyDossierAsync(string agencyCode, int shard, AgencyDossierChange change, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>The shard's figures for a month (<c>yyyy-MM</c>, Vietnam time).</summary>
    Task<AgencyStatsPart> GetAgencyPartAsync(string agencyCode, int shard, string month, CancellationToken ct = default);

    /// <summary>Counts a succeeded payment in its channel's day, once per payment.</summary>
    Task ApplyCollectionAsync(ChannelDayCollection collection, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>The channel's day: count and amount, in total and per method.</summary>
    Task<ChannelDayStats> GetChannelDayAsync(string channelId, DateOnly date, CancellationToken ct = default);
}

/// <summary>
/// What one dossier event tells the agency projection. <see cref="SubmittedMonth"/> and <see cref="FinishedMonth"/> are
/// Vietnam months (<c>yyyy-MM</c>) of the submission and of the first result; <see cref="OnTime"/> goes with the result.
/// </summary>
public sealed record AgencyDossierChange(
    string DossierCode, long Sequence, string? Status, string? SubmittedMonth, string? FinishedMonth, bool? OnTime, DateTimeOffset OccurredAt);

/// <summary>A payment that succeeded through a channel on a Vietnam day.</summary>
public sealed record ChannelDayCollection(string ChannelId, DateOnly Date, string PaymentId, string Method, long Amount, DateTimeOffset OccurredAt);
