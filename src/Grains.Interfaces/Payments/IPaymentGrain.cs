namespace MotCua.Grains.Interfaces.Payments;

/// <summary>
/// One attempt to pay a dossier's fees through one method, keyed by payment id. It calls the dossier, the wallet, the
/// ledger and the receipt series, never a channel; nothing it calls calls it back.
/// </summary>
public interface IPaymentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the payment (pending) for the dossier's unpaid fee items; a retry with the same operation id returns the
    /// same payment. A <c>wallet</c> payment goes on at once: hold → capture → succeeded (or failed when the wallet's
    /// available balance is short). A <c>vietqr</c> payment carries a dynamic VietQR for the agency's collection account.
    /// </summary>
    Task<PaymentView> CreateAsync(CreatePayment command);

    /// <summary>The payment as it is now (a pending payment past its lifetime is expired first); NotFound if never created.</summary>
    Task<PaymentView> GetAsync();

    /// <summary>What an agent must collect for it.</summary>
    Task<CollectionTerms> GetCollectionTermsAsync();

    /// <summary>An agent collected the cash: the payment succeeds and the success saga runs. Idempotent by collection id.</summary>
    Task<PaymentView> ConfirmCashCollectionAsync(ConfirmCashCollection command);

    /// <summary>The portal cancels a pending payment (pending → cancelled); a wallet hold, if any, is released. Idempotent by operation id.</summary>
    Task<PaymentView> CancelAsync(CancelPayment command);

    /// <summary>
    /// A gateway reports the outcome of this payment (called by the notification handler). Idempotent by notification id.
    /// <c>succeeded</c> with the payment's amount moves pending/processing → succeeded and runs the success saga;
    /// <c>failed</c> moves pending/processing → failed. Anything that contradicts the payment (a failure after success,
    /// another amount, another provider, a payment no longer waiting) is recorded, not applied.
    /// </summary>
    Task<GatewayOutcomeResult> RecordGatewayOutcomeAsync(RecordGatewayOutcome command);

    /// <summary>
    /// An operator refunds part or all of what was received and not yet refunded (succeeded/partially_refunded →
    /// partially_refunded or refunded). Ledgered; a wallet payment's refund is credited back to the wallet, another
    /// method's is owed by its channel. Idempotent by operation id.
    /// </summary>
    Task<PaymentView> RefundAsync(RefundPayment command);

    /// <summary>
    /// Asks the payment's provider now what became of a pending or processing gateway payment, and applies a known
    /// answer (succeeded, failed, or nothing paid past the lifetime: expired). An unknown answer (timeout, 5xx) leaves it
    /// <c>processing</c> and schedules the next query (1 min, 5 min, 1 h, then daily). A payment that waits for nothing
    /// is returned as it is.
    /// </summary>
    Task<PaymentView> QueryGatewayAsync(QueryGatewayStatus command);
}
