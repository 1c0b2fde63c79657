namespace MotCua.Grains.Interfaces.Dossiers;

/// <summary>What the agency index holds for one dossier, as the dossier reported it after version <see cref="Version"/>.</summary>
[GenerateSerializer, Immutable, Alias("motcua.dossier-index-entry")]
public sealed record DossierIndexEntry(
    [property: Id(0)] string Code,
    [property: Id(1)] string AgencyCode,
    [property: Id(2)] DossierStatus Status,
    [property: Id(3)] DateTimeOffset? DueAt,
    [property: Id(4)] bool Overdue,
    [property: Id(5)] long Version,
    [property: Id(6)] DateTimeOffset ChangedAt,
    [property: Id(7)] string ProcedureCode,
    [property: Id(8)] string ReceivingCentre);

/// <summary>
/// A query of an agency's dossiers: optional status and overdue filters, and either a 1-based page or, for deep lists,
/// <see cref="After"/>: the position the previous page ended at (its <see cref="DossierIndexPage.Next"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.dossier-index-query")]
public sealed record DossierIndexQuery(
    [property: Id(0)] DossierStatus? Status,
    [property: Id(1)] bool? Overdue,
    [property: Id(2)] int Page,
    [property: Id(3)] int PageSize,
    [property: Id(4)] DossierIndexPosition? After = null);

/// <summary>A place in a list's order: the due date (none sorts last) and the code.</summary>
[GenerateSerializer, Immutable, Alias("motcua.dossier-index-position")]
public sealed record DossierIndexPosition(
    [property: Id(0)] DateTimeOffset? DueAt,
    [property: Id(1)] string Code);

/// <summary>One dossier in a list.</summary>
[GenerateSerializer, Immutable, Alias("motcua.dossier-summary-view")]
public sealed record DossierSummaryView(
    [property: Id(0)] string Code,
    [property: Id(1)] string Status,
    [property: Id(2)] int StatusCode,
    [property: Id(3)] string ProcedureCode,
    [property: Id(4)] string ReceivingCentre,
    [property: Id(5)] DateTimeOffset? DueAt,
    [property: Id(6)] bool Overdue,
    [property: Id(7)] DateTimeOffset ChangedAt);

/// <summary>
/// A page of an agency's dossiers; <see cref="Total"/> counts every match, not just this page. <see cref="Next"/> is
/// where the next page starts (pass it as the query's <c>After</c>), or null after the last page.
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.dossier-index-page")]
public sealed record DossierIndexPage(
    [property: Id(0)] string AgencyCode,
    [property: Id(1)] int Page,
    [property: Id(2)] int PageSize,
    [property: Id(3)] int Total,
    [property: Id(4)] IReadOnlyList<DossierSummaryView> Items,
    [property: Id(5)] DossierIndexPosition? Next = null);
