using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;

namespace MotCua.Grains.Dossiers;

/// <summary>The persisted state of one dossier, with its events (history) recorded in the same write.</summary>
[GenerateSerializer, Alias("motcua.dossier-state")]
public sealed class DossierState
{
    [Id(0)] public string? Code { get; set; }
    [Id(1)] public DossierStatus Status { get; set; }
    [Id(2)] public string ProcedureCode { get; set; } = "";
    [Id(3)] public Applicant Applicant { get; set; } = new("", "");
    [Id(4)] public string AgencyCode { get; set; } = "";
    [Id(5)] public string ReceivingCentre { get; set; } = "";
    [Id(6)] public DateTimeOffset SubmittedAt { get; set; }
    [Id(7)] public DateTimeOffset? AcceptedAt { get; set; }
    [Id(8)] public DateTimeOffset? DueAt { get; set; }
    [Id(9)] public List<FeeItemState> Fees { get; set; } = [];
    [Id(10)] public List<DossierPaymentState> Payments { get; set; } = [];
    [Id(11)] public List<DossierEvent> Events { get; set; } = [];
    [Id(12)] public int ProcedureWorkingDays { get; set; }
    /// <summary>When the working-day clock paused (entering supplement_requested or payment_requested); null while it runs.</summary>
    [Id(13)] public DateTimeOffset? ClockPausedAt { get; set; }
    /// <summary>Whether <c>dossier.overdue</c> was recorded for the current due date; cleared when a new due date lies ahead.</summary>
    [Id(14)] public bool OverdueMarked { get; set; }
    /// <summary>The due date the overdue reminder is registered for; null when none should be.</summary>
    [Id(15)] public DateTimeOffset? ReminderDueAt { get; set; }
    [Id(16)] public DossierApologyState? Apology { get; set; }
    [Id(17)] public DossierRatingState? Rating { get; set; }
    /// <summary>Domain events written with the change and published after the write (issue 7).</summary>
    [Id(18)] public MotCua.Grains.Events.EventOutboxState EventOutbox { get; set; } = new();

    public bool Exists => Code is not null;
}

[GenerateSerializer, Alias("motcua.dossier-fee-item")]
public sealed class FeeItemState
{
    [Id(0)] public int Id { get; set; }
    [Id(1)] public string Kind { get; set; } = "";
    [Id(2)] public string Name { get; set; } = "";
    [Id(3)] public long Amount { get; set; }
    [Id(4)] public string? PaidByPaymentId { get; set; }
}

[GenerateSerializer, Alias("motcua.dossier-payment")]
public sealed class DossierPaymentState
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string Method { get; set; } = "";
    [Id(2)] public long Amount { get; set; }
    [Id(3)] public string Status { get; set; } = "";
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public List<int> FeeItemIds { get; set; } = [];
    /// <summary>The payment's history sequence of the last status recorded here (later ones only move it).</summary>
    [Id(6)] public long StatusSequence { get; set; }
    [Id(7)] public long RefundedAmount { get; set; }
}

[GenerateSerializer, Alias("motcua.dossier-apology")]
public sealed class DossierApologyState
{
    [Id(0)] public DateTimeOffset At { get; set; }
    [Id(1)] public Actor Actor { get; set; } = Actor.System;
    [Id(2)] public string Reason { get; set; } = "";
    [Id(3)] public DateTimeOffset PreviousDueAt { get; set; }
    [Id(4)] public DateTimeOffset NewDueAt { get; set; }
}

[GenerateSerializer, Alias("motcua.dossier-rating")]
public sealed class DossierRatingState
{
    [Id(0)] public int Score { get; set; }
    [Id(1)] public string? Comment { get; set; }
    [Id(2)] public DateTimeOffset At { get; set; }
    [Id(3)] public Actor Actor { get; set; } = Actor.System;
}

/// <summary>
/// A domain event of a dossier: its sequence number within the dossier, what happened, who, why, and for events that
/// set or move the due date, the due date after the event.
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.dossier-event")]
public sealed record DossierEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] Actor Actor,
    [property: Id(4)] DossierStatus? From,
    [property: Id(5)] DossierStatus? To,
    [property: Id(6)] string? Reason,
    [property: Id(7)] string? OperationId,
    [property: Id(8)] DateTimeOffset? DueAt = null);
