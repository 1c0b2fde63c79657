namespace MotCua.Api.Endpoints;

// Request bodies. Every member is nullable so that a missing field is reported as a field error, not a parse failure.

/// <summary>Body of <c>POST /v1/dossiers</c>.</summary>
public sealed record FileDossierRequest(string? ProcedureCode, string? AgencyCode, string? ReceivingCentre, ApplicantRequest? Applicant);

/// <summary>The applicant of a dossier.</summary>
public sealed record ApplicantRequest(string? CitizenId, string? FullName);

/// <summary>Body of dossier actions; <c>reason</c> is required for refuse, request-supplement and stop.</summary>
public sealed record ReasonRequest(string? Reason);

/// <summary>Body of <c>POST /v1/dossiers/{code}/request-payment</c>.</summary>
public sealed record RequestPaymentRequest(IReadOnlyList<FeeItemBody?>? Items);

/// <summary>A fee item: <c>kind</c> is <c>fee</c> (phí) or <c>charge</c> (lệ phí); amount in whole VND.</summary>
public sealed record FeeItemBody(string? Kind, string? Name, long? Amount);

/// <summary>Body of <c>POST /v1/payments</c>.</summary>
public sealed record CreatePaymentRequest(string? DossierCode, string? Method);

/// <summary>Body of <c>POST /v1/channels/{channelId}/collections</c>: the cash an agent collected.</summary>
public sealed record RecordCollectionRequest(string? Reference, long? Amount, string? ReceiptNumber);
