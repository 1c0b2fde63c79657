namespace MotCua.Grains.Interfaces.Channels;

/// <summary>
/// A payment channel (a cash agent or a gateway), keyed by channel id such as <c>vnpost:HN-0001</c>: its
/// collections, the cash it holds against its float limit, and its open settlement window.
/// </summary>
public interface IChannelGrain : IGrainWithStringKey
{
    /// <summary>Records cash collected for a payment reference and makes the payment succeed; idempotent by operation id.</summary>
    Task<CollectionView> RecordCollectionAsync(RecordCollection command);

    /// <summary>The channel's float limit, position and open window.</summary>
    Task<ChannelView> GetAsync();

    /// <summary>
    /// Declares the open window remitted: fixes its count and total (the declared amount must equal the total), and opens
    /// the next window. The cash still counts against the float limit and nothing is ledgered until an operator confirms
    /// receipt. An empty window is received at once (nothing to hand over). Idempotent by operation id.
    /// </summary>
    Task<SettlementView> DeclareSettlementAsync(DeclareSettlement command);

    /// <summary>
    /// The treasury received a declared settlement: ledgers the cash to the treasury and frees the float limit. A settlement
    /// already received is answered as it is; an unknown one is not found.
    /// </summary>
    Task<SettlementView> ConfirmSettlementReceiptAsync(ConfirmSettlementReceipt command);
}
