using MotCua.Gateways;

namespace MotCua.Grains.Payments.Gateways;

/// <summary>
/// What payments and reconciliation ask of the providers, over the gateway clients of <c>src/Gateways</c>. A provider
/// whose client is not configured is <see cref="IsConfigured"/> false: nothing is asked of it.
/// Failures surface as <see cref="GatewayException"/>; its <see cref="GatewayException.OutcomeUnknown"/> tells whether
/// the provider may have acted.
/// </summary>
public interface IPaymentGateways
{
    /// <summary>Whether a client for <paramref name="provider"/> is configured.</summary>
    bool IsConfigured(string provider);

    /// <summary>
    /// Opens an e-wallet order (<c>viettelpay</c>, <c>vnptpay</c>) the citizen pays at the returned URL. Idempotent at
    /// the provider by <paramref name="orderId"/> (also the idempotency key).
    /// </summary>
    Task<GatewayPayment> OpenCheckoutAsync(string provider, string orderId, long amount, string description, CancellationToken cancellationToken = default);

    /// <summary>
    /// What the provider knows of a payment: for the bank, every transfer carrying the bill number; for an e-wallet,
    /// its order (none when the provider never opened it).
    /// </summary>
    Task<IReadOnlyList<GatewayPayment>> QueryAsync(string provider, string reference, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pays <paramref name="amount"/> back to whoever paid: the bank by its <paramref name="transactionId"/>, an e-wallet
    /// by MotCua's <paramref name="orderId"/>. <paramref name="idempotencyKey"/> is the same on every attempt, so after an
    /// unknown outcome the next attempt gets the provider's first answer instead of a second refund.
    /// </summary>
    Task<GatewayRefund> RefundAsync(string provider, string transactionId, string orderId, long amount, string reason, string idempotencyKey,
        CancellationToken cancellationToken = default);

    /// <summary>The provider's statement of one day (Vietnam time).</summary>
    Task<GatewayStatement> GetStatementAsync(string provider, DateOnly date, CancellationToken cancellationToken = default);
}
