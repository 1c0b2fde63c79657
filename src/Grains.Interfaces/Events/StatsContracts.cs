namespace MotCua.Grains.Interfaces.Events;

/// <summary>One shard of an agency's dossier figures for a month (Vietnam time); the API adds the shards up.</summary>
[GenerateSerializer, Immutable, Alias("motcua.agency-stats-part")]
public sealed record AgencyStatsPart(
    [property: Id(0)] int Received,
    [property: Id(1)] int OnTime,
    [property: Id(2)] int Late,
    [property: Id(3)] IReadOnlyDictionary<string, int> ByStatus,
    [property: Id(4)] DateTimeOffset? LastEventAt,
    [property: Id(5)] DateTimeOffset? UpdatedAt,
    [property: Id(6)] long EventsApplied);

/// <summary>A channel's collections on one day: count and amount, in total and per payment method.</summary>
[GenerateSerializer, Immutable, Alias("motcua.channel-day-stats")]
public sealed record ChannelDayStats(
    [property: Id(0)] string ChannelId,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] int Count,
    [property: Id(3)] long Amount,
    [property: Id(4)] IReadOnlyDictionary<string, MethodTotal> ByMethod,
    [property: Id(5)] DateTimeOffset? LastEventAt,
    [property: Id(6)] DateTimeOffset? UpdatedAt);

/// <summary>Count and amount collected through one payment method.</summary>
[GenerateSerializer, Immutable, Alias("motcua.method-total")]
public sealed record MethodTotal([property: Id(0)] int Count, [property: Id(1)] long Amount);

/// <summary>
/// One shard of an agency's dossier projection (key: <c>{agency}/{shard}</c>, see <see cref="AgencyStatsShards"/>),
/// fed by the event stream; ignores events it has already applied.
/// </summary>
public interface IAgencyStatsGrain : IGrainWithStringKey
{
    Task ApplyAsync(DomainEvent domainEvent);

    /// <summary>The shard's figures for a month (<c>yyyy-MM</c>, Vietnam time).</summary>
    Task<AgencyStatsPart> GetAsync(string month);
}

/// <summary>A channel's collections on one day (key: <c>{channelId}/{yyyy-MM-dd}</c>), fed by <c>payment.succeeded</c>.</summary>
public interface IChannelDayStatsGrain : IGrainWithStringKey
{
    Task ApplyAsync(DomainEvent domainEvent);

    Task<ChannelDayStats> GetAsync();
}

/// <summary>How an agency's projection is split so no single grain takes every event of a busy agency.</summary>
public static class AgencyStatsShards
{
    public const int Count = 8;

    public static string Key(string agencyCode, int shard) => $"{agencyCode}/{shard}";

    public static string KeyFor(string agencyCode, string dossierCode) =>
        Key(agencyCode, DomainEvent.PartitionOf(dossierCode, Count));

    public static string ChannelDayKey(string channelId, DateOnly date) => $"{channelId}/{date:yyyy-MM-dd}";
}
