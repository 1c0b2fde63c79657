using MotCua.Grains.Interfaces.Access;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Idempotency;
using MotCua.Grains.Interfaces.Ledger;

namespace MotCua.Storage.Postgres.Upgrade;

// The grain states of release f51f5af (the last before the history tables) that held history, as the upgrade reads
// them. The ADO.NET grain storage writes a state with the Orleans serializer as the declared state type, so a row holds
// field ids and values but no type name for the state itself: these copies, with the same field ids and field types,
// read the old rows without the grain classes (several of which no longer exist). Nested types that still exist in
// Grains.Interfaces with the same ids (Posting, DossierIndexEntry, AuditEntry, StoredResponse, MethodTotal,
// DomainEvent) are used as they are. Fields the upgrade does not need are left out; the serializer skips them.
// Aliases are the upgrade's own, so nothing here clashes with a live type.

/// <summary><c>ledger-shard-v1</c>: every journal entry of the shard and the balances they make.</summary>
[GenerateSerializer, Alias("motcua.upgrade.f51f5af.ledger-shard-state")]
public sealed class LegacyLedgerShardState
{
    [Id(0)] public int ShardCount { get; set; }
    [Id(1)] public Dictionary<string, LegacyLedgerEntry> Entries { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public Dictionary<string, long> Balances { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer, Alias("motcua.upgrade.f51f5af.ledger-entry")]
public sealed class LegacyLedgerEntry
{
    [Id(0)] public List<Posting> Postings { get; set; } = [];
    [Id(1)] public DateTimeOffset At { get; set; }
    [Id(2)] public string Memo { get; set; } = "";
}

/// <summary><c>receipt-series-v1</c>: every receipt of the series; receipt n is at index n − 1.</summary>
[GenerateSerializer, Alias("motcua.upgrade.f51f5af.receipt-series-state")]
public sealed class LegacyReceiptSeriesState
{
    [Id(0)] public List<LegacyReceipt> Receipts { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("motcua.upgrade.f51f5af.receipt-record")]
public sealed record LegacyReceipt(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] long Amount,
    [property: Id(2)] DateTimeOffset IssuedAt);

/// <summary><c>dossier-counter-v1</c>: the numbers of one receiving unit and day, by the operation that took each.</summary>
[GenerateSerializer, Alias("motcua.upgrade.f51f5af.dossier-counter-state")]
public sealed class LegacyDossierCounterState
{
    [Id(0)] public int Last { get; set; }
    [Id(1)] public Dictionary<string, int> Allocations { get; set; } = new(StringComparer.Ordinal);
}

/// <summary><c>agency-dossier-index-v1</c>: one entry per dossier of the agency.</summary>
[GenerateSerializer, Alias("motcua.upgrade.f51f5af.agency-dossier-index-state")]
public sealed class LegacyAgencyDossierIndexState
{
    [Id(0)] public Dictionary<string, DossierIndexEntry> Entries { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public DateTimeOffset LastPrunedAt { get; set; }
}

/// <summary><c>agency-stats-v1</c> (key <c>{agency}/{shard}</c>): every dossier the shard has seen.</summary>
[GenerateSerializer, Alias("motcua.upgrade.f51f5af.agency-stats-state")]
public sealed class LegacyAgencyStatsState
{
    [Id(0)] public Dictionary<string, LegacyDossierTrack> Dossiers { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public DateTimeOffset? LastEventAt { get; set; }
    [Id(2)] public DateTimeOffset? UpdatedAt { get; set; }
    [Id(3)] public long EventsApplied { get; set; }
}

[GenerateSerializer, Alias("motcua.upgrade.f51f5af.agency-stats-dossier")]
public sealed class LegacyDossierTrack
{
    [Id(0)] public long LastSequence { get; set; }
    [Id(1)] public string? Status { get; set; }
    [Id(2)] public DateTimeOffset? SubmittedAt { get; set; }
    [Id(3)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(4)] public bool? OnTime { get; set; }
}

/// <summary><c>channel-day-stats-v1</c> (key <c>{channel}/{yyyy-MM-dd}</c>): the day's payments by method.</summary>
[GenerateSerializer, Alias("motcua.upgrade.f51f5af.channel-day-stats-state")]
public sealed class LegacyChannelDayStatsState
{
    /// <summary>Payment id → method.</summary>
    [Id(0)] public Dictionary<string, string> Payments { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public Dictionary<string, MethodTotal> ByMethod { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public int Count { get; set; }
    [Id(3)] public long Amount { get; set; }
    [Id(4)] public DateTimeOffset? LastEventAt { get; set; }
    [Id(5)] public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary><c>audit-log-v1</c> and its ten-minute pages: every audited request of the page.</summary>
[GenerateSerializer, Alias("motcua.upgrade.f51f5af.audit-log-state")]
public sealed class LegacyAuditLogState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
}

/// <summary><c>idempotency-v1</c>: the first request's fingerprint and answer.</summary>
[GenerateSerializer, Alias("motcua.upgrade.f51f5af.idempotency-state")]
public sealed class LegacyIdempotencyState
{
    [Id(0)] public string? Fingerprint { get; set; }
    [Id(1)] public Guid Attempt { get; set; }
    [Id(2)] public DateTimeOffset StartedAt { get; set; }
    [Id(3)] public StoredResponse? Response { get; set; }
    [Id(4)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(5)] public DateTimeOffset? FirstSeenAt { get; set; }
}

/// <summary>What the upgrade reads of <c>payment-v1</c> (a state that stays; only these fields are read).</summary>
[GenerateSerializer, Alias("motcua.upgrade.f51f5af.payment-state")]
public sealed class LegacyPaymentState
{
    [Id(2)] public string Method { get; set; } = "";
    [Id(3)] public string Status { get; set; } = "";
    [Id(4)] public long Amount { get; set; }
    [Id(8)] public string Reference { get; set; } = "";
    [Id(21)] public string? ProviderReference { get; set; }
    [Id(23)] public bool LedgerPosted { get; set; }
}

/// <summary>
/// <c>channel-v1</c>, in full: the old shape (ids 0–8 and 20) and the fields the current release added (9–10, and 9–11 of
/// a collection, 8 of a settlement). The upgrade reads an old row with it and writes the row back in the current, bounded
/// shape, so every field the current <c>ChannelState</c> reads must be here with its id and type.
/// </summary>
[GenerateSerializer, Alias("motcua.upgrade.channel-state")]
public sealed class UpgradeChannelState
{
    [Id(0)] public bool Initialized { get; set; }
    [Id(1)] public long FloatLimit { get; set; }
    [Id(2)] public long Position { get; set; }
    [Id(3)] public int WindowNumber { get; set; }
    [Id(4)] public DateTimeOffset WindowOpenedAt { get; set; }
    [Id(5)] public int WindowCount { get; set; }
    [Id(6)] public long WindowTotal { get; set; }
    [Id(7)] public Dictionary<string, UpgradeCollectionState> Collections { get; set; } = new(StringComparer.Ordinal);
    [Id(8)] public List<UpgradeSettlementState> Settlements { get; set; } = [];
    [Id(9)] public long ConfirmedCount { get; set; }
    [Id(10)] public bool ConfirmReminder { get; set; }
    [Id(20)] public UpgradeEventOutbox EventOutbox { get; set; } = new();
}

[GenerateSerializer, Alias("motcua.upgrade.channel-collection")]
public sealed class UpgradeCollectionState
{
    [Id(0)] public string Reference { get; set; } = "";
    [Id(1)] public string PaymentId { get; set; } = "";
    [Id(2)] public string DossierCode { get; set; } = "";
    [Id(3)] public long Amount { get; set; }
    [Id(4)] public string ReceiptNumber { get; set; } = "";
    [Id(5)] public DateTimeOffset At { get; set; }
    [Id(6)] public bool Confirmed { get; set; }
    [Id(7)] public string PaymentStatus { get; set; } = "";
    [Id(8)] public int WindowNumber { get; set; }
    [Id(9)] public bool Booked { get; set; }
    [Id(10)] public long ConfirmedOrder { get; set; }
    [Id(11)] public MotCua.Grains.Interfaces.Common.Actor? Actor { get; set; }
}

[GenerateSerializer, Alias("motcua.upgrade.channel-settlement")]
public sealed class UpgradeSettlementState
{
    [Id(0)] public string OperationId { get; set; } = "";
    [Id(1)] public int Number { get; set; }
    [Id(2)] public DateTimeOffset OpenedAt { get; set; }
    [Id(3)] public DateTimeOffset ClosedAt { get; set; }
    [Id(4)] public int Count { get; set; }
    [Id(5)] public long Total { get; set; }
    [Id(6)] public List<string> CollectionIds { get; set; } = [];
    [Id(7)] public bool Ledgered { get; set; }
    [Id(8)] public bool Booked { get; set; }
}

[GenerateSerializer, Alias("motcua.upgrade.event-outbox")]
public sealed class UpgradeEventOutbox
{
    [Id(0)] public long LastSequence { get; set; }
    [Id(1)] public List<DomainEvent> Pending { get; set; } = [];
}
