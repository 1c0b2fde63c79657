namespace MotCua.Grains.Interfaces.Ledger;

/// <summary>
/// The ids of the journal entries MotCua posts, built here and only here. An entry id is the ledger's idempotency key
/// (posting the same id twice posts once), so each names the one business fact it records. Readers that select
/// entries by kind use the prefixes below; nothing parses an id back into its parts.
/// </summary>
public static class LedgerEntryIds
{
    /// <summary>The prefix of every payment's own entry (see <see cref="Payment"/>).</summary>
    public const string PaymentPrefix = "pay:";

    /// <summary>A payment's money taken: from where it came, to revenue or to refunds payable.</summary>
    public static string Payment(string paymentId) => PaymentPrefix + paymentId;

    /// <summary>
    /// A refund of a payment (revenue back to refunds payable), or money the payment could not take being owed back
    /// (the provider's clearing account to refunds payable).
    /// </summary>
    public static string Refund(string paymentId, string refundId) => $"refund:{paymentId}:{refundId}";

    /// <summary>A refund paid out by the provider that holds the money: refunds payable to the provider's clearing account.</summary>
    public static string RefundPayout(string paymentId, string refundId) => $"payout:{paymentId}:{refundId}";

    /// <summary>A cash channel's settlement received by the treasury: the channel's clearing account to the treasury.</summary>
    public static string Settlement(string channelId, long number) => $"settle:{channelId}:{number}";

    /// <summary>The prefix of a provider-day's reconciliation resolutions (see <see cref="Resolution"/>).</summary>
    public static string ResolutionPrefix(string provider, DateOnly day) => $"recon:{provider}:{day:yyyy-MM-dd}:";

    /// <summary>A reconciliation discrepancy resolved by an operator: the difference held in suspense.</summary>
    public static string Resolution(string provider, DateOnly day, string transactionId) => ResolutionPrefix(provider, day) + transactionId;
}
