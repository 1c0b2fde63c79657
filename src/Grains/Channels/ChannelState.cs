using MotCua.Grains.Interfaces.Channels;
using MotCua.Grains.Interfaces.Common;

namespace MotCua.Grains.Channels;

/// <summary>
/// The persisted state of one payment channel: bounded. Confirmed collections and closed settlements are rows in the
/// channel book (<see cref="MotCua.Grains.Interfaces.Storage.IChannelBook"/>); the state keeps the position, the open
/// window's totals, the collections still being confirmed, what is written here but not yet in the book, and a short
/// recent window so that a retry is answered from memory.
/// </summary>
[GenerateSerializer, Alias("motcua.channel-state")]
public sealed class ChannelState
{
    [Id(0)] public bool Initialized { get; set; }
    [Id(1)] public long FloatLimit { get; set; }
    /// <summary>
    /// Cash the treasury has not yet received from the channel: the collections of the open window (and those still being
    /// confirmed) and the settlements declared but not yet received. The float limit applies to it.
    /// </summary>
    [Id(2)] public long Position { get; set; }
    [Id(3)] public int WindowNumber { get; set; }
    [Id(4)] public DateTimeOffset WindowOpenedAt { get; set; }
    [Id(5)] public int WindowCount { get; set; }
    [Id(6)] public long WindowTotal { get; set; }
    /// <summary>
    /// Collections by operation id: those still being confirmed with their payment (<see cref="CollectionState.Confirmed"/>
    /// false), those confirmed but not yet in the book, and the most recent confirmed ones (at most
    /// <see cref="ChannelGrain.RecentKept"/>). Older ones are read from the book.
    /// </summary>
    [Id(7)] public Dictionary<string, CollectionState> Collections { get; set; } = new(StringComparer.Ordinal);
    /// <summary>
    /// Settlements declared and awaiting receipt, those received but not yet in the book or not yet ledgered, and the most
    /// recent received ones, oldest first.
    /// </summary>
    [Id(8)] public List<SettlementState> Settlements { get; set; } = [];
    /// <summary>How many collections the channel has confirmed (orders <see cref="CollectionState.ConfirmedOrder"/>).</summary>
    [Id(9)] public long ConfirmedCount { get; set; }
    /// <summary>Whether the reminder that finishes collections still being confirmed is registered.</summary>
    [Id(10)] public bool ConfirmReminder { get; set; }
    /// <summary>Domain events written with the change and published after the write (issue 7). Id kept apart from concurrent additions.</summary>
    [Id(20)] public MotCua.Grains.Events.EventOutboxState EventOutbox { get; set; } = new();
}

[GenerateSerializer, Alias("motcua.channel-collection")]
public sealed class CollectionState
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
    /// <summary>Whether the confirmed collection is in the channel book (written after the state that confirmed it).</summary>
    [Id(9)] public bool Booked { get; set; }
    /// <summary>When it was confirmed, to keep the most recent ones.</summary>
    [Id(10)] public long ConfirmedOrder { get; set; }
    /// <summary>The agent who collected it, kept until it is confirmed so the reminder can confirm it in the agent's name.</summary>
    [Id(11)] public Actor? Actor { get; set; }
}

[GenerateSerializer, Alias("motcua.channel-settlement")]
public sealed class SettlementState
{
    /// <summary>The operation id that declared the window (closed it).</summary>
    [Id(0)] public string OperationId { get; set; } = "";
    [Id(1)] public int Number { get; set; }
    [Id(2)] public DateTimeOffset OpenedAt { get; set; }
    [Id(3)] public DateTimeOffset ClosedAt { get; set; }
    [Id(4)] public int Count { get; set; }
    [Id(5)] public long Total { get; set; }
    /// <summary>Unused since issue 16: the window's collections are listed from the channel book. Kept for old rows.</summary>
    [Id(6)] public List<string> CollectionIds { get; set; } = [];
    /// <summary>Whether the remittance's journal entry is posted (a retry of the settlement finishes it).</summary>
    [Id(7)] public bool Ledgered { get; set; }
    /// <summary>Whether the settlement is in the channel book (written once it is received).</summary>
    [Id(8)] public bool Booked { get; set; }
    /// <summary>
    /// <see cref="SettlementStatuses.Declared"/> or <see cref="SettlementStatuses.Received"/>; empty in a row written
    /// before settlements had two steps, when closing a window ledgered it as received at once.
    /// </summary>
    [Id(9)] public string Status { get; set; } = "";
    /// <summary>The reference of the remittance the agent declared (a transfer or deposit slip); empty in an older row.</summary>
    [Id(10)] public string RemittanceReference { get; set; } = "";
    /// <summary>When an operator confirmed the treasury received it.</summary>
    [Id(11)] public DateTimeOffset? ReceivedAt { get; set; }
}
