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
    /// Closes the open settlement window: fixes its count and total, ledgers the cash remitted to the treasury (the cash
    /// held goes down by the total), and opens the next window. Idempotent by operation id.
    /// </summary>
    Task<SettlementView> SettleAsync(SettleWindow command);
}
