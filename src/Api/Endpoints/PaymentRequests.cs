using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Api.Endpoints;

// Request bodies of payments, wallets and refunds. Every member is nullable so that a missing field is reported as a
// field error, not a parse failure.

/// <summary>Body of <c>POST /v1/payments/{id}/cancel</c> (optional): why the portal cancels.</summary>
public sealed record CancelPaymentRequest(string? Reason);

/// <summary>Body of <c>POST /v1/payments/{id}/refunds</c>: whole VND, at most what was paid and not yet refunded.</summary>
public sealed record RefundRequest(long? Amount, string? Reason);

/// <summary>Body of <c>POST /v1/wallets/{citizenId}/top-ups</c>: whole VND.</summary>
public sealed record TopUpRequest(long? Amount);

/// <summary>Payments on an operators' watchlist.</summary>
public sealed record WatchedPaymentList(IReadOnlyList<WatchedPayment> Items);
