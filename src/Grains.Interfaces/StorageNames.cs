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
    /// <summary>The first ten minutes of an audit hour (and, for hours stored before pages, the whole hour).</summary>
    public const string AuditLog = "audit-log-v1";
    public const string AuditLog10 = "audit-log-v1-m10";
    public const string AuditLog20 = "audit-log-v1-m20";
    public const string AuditLog30 = "audit-log-v1-m30";
    public const string AuditLog40 = "audit-log-v1-m40";
    public const string AuditLog50 = "audit-log-v1-m50";
    /// <summary>A dossier's public status-link generation (issue 20).</summary>
    public const string StatusLink = "status-link-v1";
}

/// <summary>Names of the domain event stream, shared by the grains that publish and consume it and the silo.</summary>
public static class StreamNames
{
    /// <summary>The stream provider domain events go through (memory streams embedded, PostgreSQL queues durable).</summary>
    public const string Provider = "motcua-events";

    /// <summary>The stream namespace of domain events; its stream keys are <see cref="Partitions"/> partitions.</summary>
    public const string DomainEvents = "motcua.domain-events";

    /// <summary>How many streams the events are spread over (a source always goes to the same one, so its events stay in order).</summary>
    public const int Partitions = 16;
}

/// <summary>State names of the event grains (issue 7).</summary>
public static class EventStateNames
{
    public const string WebhookEndpoint = "webhook-endpoint-v1";
    public const string WebhookDelivery = "webhook-delivery-v1";
    public const string WebhookDirectory = "webhook-directory-v1";
    public const string AgencyStats = "agency-stats-v1";
    public const string ChannelDayStats = "channel-day-stats-v1";
}
