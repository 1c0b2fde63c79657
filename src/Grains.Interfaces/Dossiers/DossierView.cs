namespace MotCua.Grains.Interfaces.Dossiers;

/// <summary>
/// A dossier as callers see it. <see cref="Overdue"/> is derived from <see cref="DueAt"/> when the view is made: true only
/// while the agency's clock runs (accepted, processing) and the due date has passed. <see cref="ClockPausedSince"/> is set
/// while the clock is paused (supplement or payment requested); the due date moves later when the pause ends.
/// </summary>
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
    [property: Id(13)] IReadOnlyList<string> AllowedActions,
    [property: Id(14)] DossierApologyView? Apology = null,
    [property: Id(15)] DossierRatingView? Rating = null,
    [property: Id(16)] DateTimeOffset? ClockPausedSince = null);

/// <summary>The agency's apology for a late dossier: when, by whom, why, and the due date it replaced.</summary>
[GenerateSerializer, Immutable, Alias("motcua.dossier-apology-view")]
public sealed record DossierApologyView(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string ActorKeyId,
    [property: Id(2)] string Reason,
    [property: Id(3)] DateTimeOffset PreviousDueAt,
    [property: Id(4)] DateTimeOffset NewDueAt);

/// <summary>The applicant's rating of a returned dossier.</summary>
[GenerateSerializer, Immutable, Alias("motcua.dossier-rating-view")]
public sealed record DossierRatingView(
    [property: Id(0)] int Score,
    [property: Id(1)] string? Comment,
    [property: Id(2)] DateTimeOffset RatedAt);

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
    [property: Id(4)] DateTimeOffset CreatedAt)
{
    /// <summary>What was given back of this payment (an automatic refund of a duplicate, or an operator's refund).</summary>
    [Id(5)] public long RefundedAmount { get; init; }
}

/// <summary>
/// One event in a history: what happened, when, who did it (role, key id, and the agency or channel the key is bound
/// to), why, and for events that set or move the due date, the due date after it.
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.history-entry-view")]
public sealed record HistoryEntryView(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string ActorRole,
    [property: Id(4)] string ActorKeyId,
    [property: Id(5)] string? FromStatus,
    [property: Id(6)] string? ToStatus,
    [property: Id(7)] string? Reason,
    [property: Id(8)] string? ActorAgencyCode = null,
    [property: Id(9)] string? ActorChannelId = null,
    [property: Id(10)] DateTimeOffset? DueAt = null);
