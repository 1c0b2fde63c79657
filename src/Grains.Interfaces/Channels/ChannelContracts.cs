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

/// <summary>A payment channel as an agent or operator sees it.</summary>
[GenerateSerializer, Immutable, Alias("motcua.channel-view")]
public sealed record ChannelView(
    [property: Id(0)] string Id,
    [property: Id(1)] long FloatLimit,
    [property: Id(2)] long Position,
    [property: Id(3)] SettlementWindowView OpenWindow);

/// <summary>A settlement window: what the channel collected since it last remitted.</summary>
[GenerateSerializer, Immutable, Alias("motcua.settlement-window-view")]
public sealed record SettlementWindowView(
    [property: Id(0)] int Number,
    [property: Id(1)] DateTimeOffset OpenedAt,
    [property: Id(2)] int Count,
    [property: Id(3)] long Total);

/// <summary>An agent or operator closes the channel's open settlement window.</summary>
[GenerateSerializer, Immutable, Alias("motcua.settle-window")]
public sealed record SettleWindow(
    [property: Id(0)] string OperationId,
    [property: Id(1)] Actor Actor);

/// <summary>A closed settlement window and the cash it remitted.</summary>
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
    [property: Id(8)] bool Ledgered);
