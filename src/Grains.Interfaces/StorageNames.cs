namespace MotCua.Grains.Interfaces;

/// <summary>Names shared by the grains and the silo's configuration.</summary>
public static class StorageNames
{
    /// <summary>The grain storage provider every MotCua grain writes to.</summary>
    public const string Default = "motcua";
}

/// <summary>
/// One state name per state type. ADO.NET storage keys a row by grain id and state name only, so two grain
/// classes sharing a key must never share a state name.
/// </summary>
public static class StateNames
{
    public const string Dossier = "dossier-v1";
    public const string DossierCounter = "dossier-counter-v1";
    public const string Payment = "payment-v1";
    public const string PaymentReference = "payment-reference-v1";
    public const string Channel = "channel-v1";
    public const string Idempotency = "idempotency-v1";
    public const string Wallet = "wallet-v1";
    public const string LedgerShard = "ledger-shard-v1";
    public const string ReceiptSeries = "receipt-series-v1";
    public const string PaymentWatchlist = "payment-watchlist-v1";
    public const string GatewayInbox = "gateway-inbox-v1";
    public const string ApiKey = "api-key-v1";
    public const string ApiKeyDirectory = "api-key-directory-v1";
    public const string AuditLog = "audit-log-v1";
}
