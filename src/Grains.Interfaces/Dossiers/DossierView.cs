namespace MotCua.Grains.Interfaces.Dossiers;

/// <summary>A dossier as callers see it.</summary>
[GenerateSerializer, Immutable, Alias("motcua.dossier-view")]
public sealed record DossierView(
    [property: Id(0)] string Code,
    [property: Id(1)] string Status,
    [property: Id(2)] int StatusCode,
    [property: Id(3)] string ProcedureCode,
    [property: Id(4)] Applicant Applicant,
    [property: Id(5)] string AgencyCode,
    [property: Id(6)] string ReceivingCentre,
    [property: Id(7)] DateTimeOffset SubmittedAt,
    [property: Id(8)] DateTimeOffset? DueAt,
    [property: Id(9)] bool Overdue,
    [property: Id(10)] IReadOnlyList<FeeItemView> Fees,
    [property: Id(11)] IReadOnlyList<DossierPaymentView> Payments,
    [property: Id(12)] IReadOnlyList<HistoryEntryView> History,
    [property: Id(13)] IReadOnlyList<string> AllowedActions);

/// <summary>One fee item of a dossier and whether it is paid.</summary>
[GenerateSerializer, Immutable, Alias("motcua.fee-item-view")]
public sealed record FeeItemView(
    [property: Id(0)] int Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Name,
    [property: Id(3)] long Amount,
    [property: Id(4)] bool Paid,
    [property: Id(5)] string? PaidByPaymentId);

/// <summary>A payment listed on a dossier.</summary>
[GenerateSerializer, Immutable, Alias("motcua.dossier-payment-view")]
public sealed record DossierPaymentView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Method,
    [property: Id(2)] long? Amount,
    [property: Id(3)] string Status,
    [property: Id(4)] DateTimeOffset CreatedAt);

/// <summary>One event in a history: what happened, when, who did it, why.</summary>
[GenerateSerializer, Immutable, Alias("motcua.history-entry-view")]
public sealed record HistoryEntryView(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string ActorRole,
    [property: Id(4)] string ActorKeyId,
    [property: Id(5)] string? FromStatus,
    [property: Id(6)] string? ToStatus,
    [property: Id(7)] string? Reason);
