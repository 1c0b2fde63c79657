namespace MotCua.Grains.Interfaces.Receipts;

/// <summary>
/// The electronic receipt numbers of one agency for one year, keyed <c>{agency}-{year}</c>: gapless, one per succeeded
/// payment, and the same number again for the same payment. It calls no other grain.
/// </summary>
public interface IReceiptSeriesGrain : IGrainWithStringKey
{
    /// <summary>The payment's receipt: the next number the first time, the same one on every retry.</summary>
    Task<ReceiptView> IssueAsync(IssueReceipt command);

    /// <summary>How many receipts the series issued, and those numbered after <paramref name="afterSequence"/>, in number order (at most <paramref name="limit"/>, up to 1,000).</summary>
    Task<ReceiptSeriesView> GetAsync(long afterSequence = 0, int limit = 1000);
}
