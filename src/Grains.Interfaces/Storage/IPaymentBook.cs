namespace MotCua.Grains.Interfaces.Storage;

/// <summary>
/// What reconciliation needs to know of each ledgered payment, one row per payment (<c>motcua_payments_paid</c> in
/// durable mode): its reference and the provider's transaction id. The payment grain records it in the saga step that
/// posts its journal entry, before the entry, so a day's statement is matched by one query instead of one grain
/// activation per payment.
/// </summary>
public interface IPaymentBook
{
    /// <summary>Stores the payment's row; recording it again (a retried saga step) stores the latest values.</summary>
    Task RecordAsync(PaidPayment payment, CancellationToken ct = default);

    /// <summary>
    /// The payment entries (<c>pay:{paymentId}</c>) posted to <paramref name="account"/> in [from, to), each with what
    /// they posted to that account and the payment's row (null for a payment ledgered before rows were kept).
    /// </summary>
    Task<IReadOnlyList<LedgeredPayment>> FindLedgeredAsync(string account, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);
}

/// <summary>A payment as reconciliation matches it.</summary>
public sealed record PaidPayment(string PaymentId, string Reference, string? ProviderReference, long Amount);

/// <summary>A payment entry on an account, with the payment's row when there is one.</summary>
public sealed record LedgeredPayment(string PaymentId, long AccountAmount, DateTimeOffset At, PaidPayment? Payment);
