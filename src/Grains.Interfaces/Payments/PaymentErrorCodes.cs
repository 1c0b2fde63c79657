namespace MotCua.Grains.Interfaces.Payments;

/// <summary>Stable problem codes of payments, wallets, the ledger and receipts (beside <see cref="Common.ErrorCodes"/>).</summary>
public static class PaymentErrorCodes
{
    /// <summary>The wallet's available balance does not cover the amount (409).</summary>
    public const string InsufficientFunds = "insufficient_funds";

    /// <summary>The payment's success is still being recorded on the dossier; a refund must wait a moment (409).</summary>
    public const string PaymentSettling = "payment_settling";

    /// <summary>No collection account is configured for the agency, so no VietQR can be made (409).</summary>
    public const string CollectionAccountMissing = "collection_account_missing";

    /// <summary>The method's payment gateway is not configured on this deployment (409).</summary>
    public const string GatewayUnavailable = "gateway_unavailable";

    /// <summary>A wallet hold for this payment does not exist or is no longer held (409).</summary>
    public const string HoldNotFound = "hold_not_found";

    /// <summary>A journal entry id was posted before with other postings (409).</summary>
    public const string LedgerEntryConflict = "ledger_entry_conflict";

    /// <summary>A journal entry whose debits and credits differ, or that is otherwise malformed (400).</summary>
    public const string LedgerEntryUnbalanced = "ledger_entry_unbalanced";
}
