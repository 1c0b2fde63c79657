using MotCua.Grains.Interfaces.Common;

namespace MotCua.Grains.Interfaces.Channels;

/// <summary>An agent reports cash it collected against a payment reference.</summary>
[GenerateSerializer, Immutable, Alias("motcua.record-collection")]
public sealed record RecordCollection(
    [property: Id(0)] string OperationId,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] string Reference,
    [property: Id(3)] long Amount,
    [property: Id(4)] string ReceiptNumber);

/// <summary>A collection the channel took.</summary>
[GenerateSerializer, Immutable, Alias("motcua.collection-view")]
public sealed record CollectionView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Reference,
    [property: Id(2)] string PaymentId,
    [property: Id(3)] string DossierCode,
    [property: Id(4)] long Amount,
    [property: Id(5)] string ReceiptNumber,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] string PaymentStatus);

/// <summary>
/// A payment channel as an agent or operator sees it. <see cref="Position"/> is the cash not yet received by the
/// treasury: the collections of the open window (and any still being confirmed) plus the settlements declared but not
/// yet received (<see cref="AwaitingReceiptTotal"/>); the float limit applies to it.
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.channel-view")]
public sealed record ChannelView(
    [property: Id(0)] string Id,
    [property: Id(1)] long FloatLimit,
    [property: Id(2)] long Position,
    [property: Id(3)] SettlementWindowView OpenWindow,
    [property: Id(4)] long AwaitingReceiptTotal,
    [property: Id(5)] IReadOnlyList<DeclaredSettlementView> AwaitingReceipt);

/// <summary>A settlement the agent declared remitted and the treasury has not yet confirmed receiving.</summary>
[GenerateSerializer, Immutable, Alias("motcua.declared-settlement-view")]
public sealed record DeclaredSettlementView(
    [property: Id(0)] string Id,
    [property: Id(1)] int Number,
    [property: Id(2)] DateTimeOffset DeclaredAt,
    [property: Id(3)] int Count,
    [property: Id(4)] long Total,
    [property: Id(5)] string RemittanceReference);

/// <summary>A settlement window: what the channel collected since it last remitted.</summary>
[GenerateSerializer, Immutable, Alias("motcua.settlement-window-view")]
public sealed record SettlementWindowView(
    [property: Id(0)] int Number,
    [property: Id(1)] DateTimeOffset OpenedAt,
    [property: Id(2)] int Count,
    [property: Id(3)] long Total);

/// <summary>
/// An agent or operator declares the channel's open window remitted: the amount handed over (it must equal the window's
/// confirmed total) and the reference of the remittance (the bank transfer or the treasury's deposit slip).
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.declare-settlement")]
public sealed record DeclareSettlement(
    [property: Id(0)] string OperationId,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] long Amount,
    [property: Id(3)] string RemittanceReference);

/// <summary>
/// An operator confirms that the treasury received the cash of settlement <see cref="Number"/>, with an optional note of
/// what was checked (a bank statement line), written to the log with the receipt.
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.confirm-settlement-receipt")]
public sealed record ConfirmSettlementReceipt(
    [property: Id(0)] string OperationId,
    [property: Id(1)] Actor Actor,
    [property: Id(2)] int Number,
    [property: Id(3)] string? Note);

/// <summary>The statuses of a settlement (<see cref="SettlementView.Status"/>).</summary>
public static class SettlementStatuses
{
    /// <summary>The agent declared the window remitted; the cash still counts against the float limit.</summary>
    public const string Declared = "declared";

    /// <summary>The treasury received the cash: it is ledgered to the treasury and no longer counts against the float.</summary>
    public const string Received = "received";
}

/// <summary>A closed settlement window, the cash it remitted and whether the treasury received it.</summary>
[GenerateSerializer, Immutable, Alias("motcua.settlement-view")]
public sealed record SettlementView(
    [property: Id(0)] string Id,
    [property: Id(1)] string ChannelId,
    [property: Id(2)] int Number,
    [property: Id(3)] DateTimeOffset OpenedAt,
    [property: Id(4)] DateTimeOffset ClosedAt,
    [property: Id(5)] int Count,
    [property: Id(6)] long Total,
    [property: Id(7)] IReadOnlyList<CollectionView> Collections,
    [property: Id(8)] bool Ledgered,
    [property: Id(9)] string Status,
    [property: Id(10)] string? RemittanceReference,
    [property: Id(11)] DateTimeOffset? ReceivedAt);
