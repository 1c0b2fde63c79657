using MotCua.Grains.Interfaces.Ledger;

namespace MotCua.Grains.Wallets;

/// <summary>
/// The persisted state of one wallet. <see cref="Outbox"/> holds ledger entries written in the same write as the
/// balance change they describe, posted right after and removed once posted.
/// </summary>
[GenerateSerializer, Alias("motcua.wallet-state")]
public sealed class WalletState
{
    /// <summary>Money held for the citizen, holds included. Never negative.</summary>
    [Id(0)] public long Balance { get; set; }
    /// <summary>The sum of holds in status held. 0 ≤ Held ≤ Balance.</summary>
    [Id(1)] public long Held { get; set; }
    /// <summary>Top-ups and refund credits by operation id.</summary>
    [Id(2)] public Dictionary<string, WalletOperationState> Operations { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Holds by payment id, kept after capture or release so a late hold cannot come back.</summary>
    [Id(3)] public Dictionary<string, WalletHoldState> Holds { get; set; } = new(StringComparer.Ordinal);
    /// <summary>The latest movements, up to the view's window (<see cref="WalletRetention"/>); the journal has them all.</summary>
    [Id(4)] public List<WalletEntryState> History { get; set; } = [];
    [Id(5)] public List<JournalEntry> Outbox { get; set; } = [];
    /// <summary>Whether the outbox reminder is registered (it unregisters itself once the outbox is empty).</summary>
    [Id(6)] public bool OutboxReminder { get; set; }
    /// <summary>Domain events written with the change and published after the write (issue 7).</summary>
    [Id(7)] public MotCua.Grains.Events.EventOutboxState EventOutbox { get; set; } = new();
    /// <summary>The sequence of the latest movement (history entries older than the window are no longer in the state).</summary>
    [Id(8)] public long LastSequence { get; set; }
    /// <summary>Whether completed operations were dropped from <see cref="Operations"/>: a retry not found there is then
    /// looked up in the ledger journal.</summary>
    [Id(9)] public bool OperationsTrimmed { get; set; }
}

[GenerateSerializer, Alias("motcua.wallet-operation")]
public sealed class WalletOperationState
{
    [Id(0)] public string Type { get; set; } = "";
    [Id(1)] public long Amount { get; set; }
    [Id(2)] public string? PaymentId { get; set; }
    /// <summary>When it was made; operations stored before this field read as long ago.</summary>
    [Id(3)] public DateTimeOffset At { get; set; }
}

[GenerateSerializer, Alias("motcua.wallet-hold")]
public sealed class WalletHoldState
{
    [Id(0)] public long Amount { get; set; }
    [Id(1)] public string Status { get; set; } = "";
    [Id(2)] public DateTimeOffset At { get; set; }
}

[GenerateSerializer, Immutable, Alias("motcua.wallet-entry")]
public sealed record WalletEntryState(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] long Amount,
    [property: Id(4)] long BalanceAfter,
    [property: Id(5)] long HeldAfter,
    [property: Id(6)] string? PaymentId,
    [property: Id(7)] string? OperationId);
