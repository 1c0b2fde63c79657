namespace MotCua.Grains.Interfaces.Storage;

/// <summary>
/// A channel's history: every confirmed collection and every received settlement window, one insert-only row each
/// (<c>motcua_channel_collections</c>, <c>motcua_channel_settlements</c> in durable mode). The channel grain is the only
/// writer of its rows and keeps in its own state only its position, the open window's totals, the collections still
/// being confirmed and a short recent window for retries.
/// </summary>
public interface IChannelBook
{
    /// <summary>Stores confirmed collections; one already stored (same channel and operation id) is left as it is.</summary>
    Task RecordCollectionsAsync(IReadOnlyList<ChannelCollectionRow> collections, CancellationToken ct = default);

    /// <summary>The collection the channel recorded under <paramref name="operationId"/>, or null.</summary>
    Task<ChannelCollectionRow?> FindCollectionAsync(string channelId, string operationId, CancellationToken ct = default);

    /// <summary>The collection the channel recorded for payment <paramref name="paymentId"/>, or null.</summary>
    Task<ChannelCollectionRow?> FindCollectionByPaymentAsync(string channelId, string paymentId, CancellationToken ct = default);

    /// <summary>The collections confirmed in settlement window <paramref name="window"/>, oldest first.</summary>
    Task<IReadOnlyList<ChannelCollectionRow>> ListCollectionsAsync(string channelId, int window, CancellationToken ct = default);

    /// <summary>Stores a received settlement; one already stored (same channel and number) is left as it is.</summary>
    Task RecordSettlementAsync(ChannelSettlementRow settlement, CancellationToken ct = default);

    /// <summary>The settlement the channel closed under <paramref name="operationId"/>, or null.</summary>
    Task<ChannelSettlementRow?> FindSettlementAsync(string channelId, string operationId, CancellationToken ct = default);

    /// <summary>The settlement of window <paramref name="number"/>, or null.</summary>
    Task<ChannelSettlementRow?> FindSettlementByNumberAsync(string channelId, int number, CancellationToken ct = default);
}

/// <summary>One confirmed cash collection of a channel, in settlement window <see cref="Window"/>.</summary>
public sealed record ChannelCollectionRow(
    string ChannelId,
    string OperationId,
    string Reference,
    string PaymentId,
    string DossierCode,
    long Amount,
    string ReceiptNumber,
    DateTimeOffset At,
    string PaymentStatus,
    int Window);

/// <summary>
/// One settlement window of a channel the treasury received (a declared one stays in the channel's state until then):
/// <see cref="ClosedAt"/> is when it was declared, <see cref="RemittanceReference"/> what the agent declared (null for a
/// window closed before settlements had two steps, when closing it counted as receiving it).
/// </summary>
public sealed record ChannelSettlementRow(
    string ChannelId,
    int Number,
    string OperationId,
    DateTimeOffset OpenedAt,
    DateTimeOffset ClosedAt,
    int Count,
    long Total,
    string? RemittanceReference,
    DateTimeOffset ReceivedAt);
