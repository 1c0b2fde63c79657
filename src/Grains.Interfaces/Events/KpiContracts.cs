namespace MotCua.Grains.Interfaces.Events;

/// <summary>
/// An agency's service-quality figures for one Vietnam month (Decision 766/QĐ-TTg): results early, on time and late;
/// overdue dossiers with and without an apology; fee payments in total and online, by count and amount (VND); ratings
/// 1–5 (<see cref="Ratings"/>[0] counts score 1); lead time in working days, median and 90th percentile (nearest rank).
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.agency-kpi-figures")]
public sealed record AgencyKpiFigures(
    [property: Id(0)] string AgencyCode,
    [property: Id(1)] string Month,
    [property: Id(2)] int Early,
    [property: Id(3)] int OnTime,
    [property: Id(4)] int Late,
    [property: Id(5)] int OverdueWithApology,
    [property: Id(6)] int OverdueWithoutApology,
    [property: Id(7)] int PaidCount,
    [property: Id(8)] long PaidAmount,
    [property: Id(9)] int OnlineCount,
    [property: Id(10)] long OnlineAmount,
    [property: Id(11)] IReadOnlyList<int> Ratings,
    [property: Id(12)] int LeadTimeCount,
    [property: Id(13)] decimal? LeadTimeMedianDays,
    [property: Id(14)] decimal? LeadTimeP90Days)
{
    /// <summary>No figures: what an agency without rows has.</summary>
    public static AgencyKpiFigures Empty(string agencyCode, string month) =>
        new(agencyCode, month, 0, 0, 0, 0, 0, 0, 0, 0, 0, [0, 0, 0, 0, 0], 0, null, null);
}

/// <summary>An overdue dossier: its appointment date before any apology, whether the agency apologised, and the current due date.</summary>
[GenerateSerializer, Immutable, Alias("motcua.overdue-dossier")]
public sealed record OverdueDossier(
    [property: Id(0)] string Code,
    [property: Id(1)] string Status,
    [property: Id(2)] DateTimeOffset PromisedAt,
    [property: Id(3)] bool Apologized,
    [property: Id(4)] DateTimeOffset? DueAt);

/// <summary>
/// The service-quality projection of one agency (key: the agency code), fed by the event stream with its dossiers' events
/// and its fee payments' <c>payment.succeeded</c> and <c>payment.refunded</c>; ignores what it has already applied. Keeps
/// nothing itself: the rows are in <c>IKpiBook</c>.
/// </summary>
public interface IAgencyKpiGrain : IGrainWithStringKey
{
    Task ApplyAsync(DomainEvent domainEvent);

    /// <summary>The agency's figures for a month (<c>yyyy-MM</c>, Vietnam time), overdue counted as of <paramref name="now"/>.</summary>
    Task<AgencyKpiFigures> GetMonthAsync(string month, DateTimeOffset now);

    /// <summary>The agency's overdue dossiers as of <paramref name="asOf"/> (appointment date earlier), oldest appointment date first.</summary>
    Task<IReadOnlyList<OverdueDossier>> ListOverdueAsync(DateTimeOffset asOf, int limit);
}

/// <summary>Every agency's figures for a month (key: <see cref="Key"/>, one per silo as a stateless worker).</summary>
public interface IKpiBoardGrain : IGrainWithStringKey
{
    public const string Key = "all";

    Task<IReadOnlyList<AgencyKpiFigures>> ListMonthAsync(string month, DateTimeOffset now);
}
