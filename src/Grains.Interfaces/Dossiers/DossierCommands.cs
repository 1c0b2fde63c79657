using MotCua.Grains.Interfaces.Common;

namespace MotCua.Grains.Interfaces.Dossiers;

/// <summary>The citizen who files a dossier.</summary>
[GenerateSerializer, Immutable, Alias("motcua.applicant")]
public sealed record Applicant(
    [property: Id(0)] string CitizenId,
    [property: Id(1)] string FullName);

/// <summary>File a new dossier. <see cref="OperationId"/> makes a retried filing land once.</summary>
[GenerateSerializer, Immutable, Alias("motcua.file-dossier")]
public sealed record FileDossier(
    [property: Id(0)] string OperationId,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] string ProcedureCode,
    [property: Id(3)] string AgencyCode,
    [property: Id(4)] string ReceivingCentre,
    [property: Id(5)] Applicant Applicant);

/// <summary>An officer's or portal's action on a dossier, with the reason where one is required.</summary>
[GenerateSerializer, Immutable, Alias("motcua.dossier-action")]
public sealed record DossierActionCommand(
    [property: Id(0)] string OperationId,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] string? Reason = null);

/// <summary>A fee (phí) or a charge (lệ phí) asked of the applicant.</summary>
[GenerateSerializer, Immutable, Alias("motcua.fee-item-request")]
public sealed record FeeItemRequest(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Name,
    [property: Id(2)] long Amount);

/// <summary>An officer asks the applicant to pay fee items.</summary>
[GenerateSerializer, Immutable, Alias("motcua.request-payment")]
public sealed record RequestPaymentCommand(
    [property: Id(0)] string OperationId,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] IReadOnlyList<FeeItemRequest> Items);

/// <summary>A payment asks the dossier for what it must collect, and is listed on the dossier.</summary>
[GenerateSerializer, Immutable, Alias("motcua.register-payment")]
public sealed record RegisterPayment(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] string Method,
    [property: Id(2)] DateTimeOffset At);

/// <summary>What a payment must collect for a dossier: the unpaid fee items and their sum.</summary>
[GenerateSerializer, Immutable, Alias("motcua.payment-terms")]
public sealed record PaymentTerms(
    [property: Id(0)] string DossierCode,
    [property: Id(1)] long Amount,
    [property: Id(2)] IReadOnlyList<int> FeeItemIds,
    [property: Id(3)] string AgencyCode,
    [property: Id(4)] string ApplicantName,
    [property: Id(5)] string ProcedureCode);

/// <summary>A payment of the dossier succeeded; the dossier marks its fee items paid.</summary>
[GenerateSerializer, Immutable, Alias("motcua.record-payment-succeeded")]
public sealed record RecordPaymentSucceeded(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] long Amount,
    [property: Id(2)] IReadOnlyList<int> FeeItemIds,
    [property: Id(3)] DateTimeOffset At);

/// <summary>A payment of the dossier reached a new status; <see cref="Sequence"/> is the payment's history sequence of that change.</summary>
[GenerateSerializer, Immutable, Alias("motcua.record-payment-status")]
public sealed record RecordPaymentStatus(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] string Status,
    [property: Id(2)] long Sequence,
    [property: Id(3)] long RefundedAmount,
    [property: Id(4)] string? Detail,
    [property: Id(5)] DateTimeOffset At);

/// <summary>How the dossier took a succeeded payment, and the payments of the same fee items to cancel now.</summary>
[GenerateSerializer, Immutable, Alias("motcua.payment-record-result")]
public sealed record PaymentRecordResult(
    [property: Id(0)] PaymentRecordOutcome Outcome,
    [property: Id(1)] IReadOnlyList<string> PendingToCancel);

/// <summary>How the dossier took a succeeded payment.</summary>
public enum PaymentRecordOutcome
{
    /// <summary>The payment paid its fee items.</summary>
    Applied = 0,
    /// <summary>Another payment had already paid these fee items, or the dossier was withdrawn or stopped: this one must be refunded.</summary>
    Duplicate = 1,
}

/// <summary>
/// An officer apologises for a dossier that is late or due within one working day, and gives the applicant a new
/// due date (once per dossier).
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.apologize-dossier")]
public sealed record ApologizeCommand(
    [property: Id(0)] string OperationId,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] DateTimeOffset NewDueAt,
    [property: Id(3)] string Reason);

/// <summary>The applicant rates a returned dossier, 1–5 with an optional comment (once per dossier).</summary>
[GenerateSerializer, Immutable, Alias("motcua.rate-dossier")]
public sealed record RateDossierCommand(
    [property: Id(0)] string OperationId,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] int Score,
    [property: Id(3)] string? Comment = null);

/// <summary>Limits shared by the API's validation and the grain's own checks.</summary>
public static class DossierLimits
{
    public const int MinScore = 1;
    public const int MaxScore = 5;
    public const int MaxCommentLength = 1000;
    public const int MaxReasonLength = 2000;
}
