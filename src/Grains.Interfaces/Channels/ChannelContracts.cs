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
