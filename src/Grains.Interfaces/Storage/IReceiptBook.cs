namespace MotCua.Grains.Interfaces.Storage;

/// <summary>
/// Electronic receipts, one insert-only row each (<c>motcua_receipts</c> in durable mode): the number is unique in its
/// series and so is the payment. The series' counter is the table itself (its highest number), so a number and its
/// receipt are committed together and the series has no gaps. The receipt series grain is the only writer of a series.
/// </summary>
public interface IReceiptBook
{
    /// <summary>
    /// Gives each payment its receipt in <paramref name="series"/>, in one commit: a payment that has one gets it back;
    /// the others get the next numbers, in the order asked. Results are in the order of <paramref name="requests"/>.
    /// </summary>
    Task<IReadOnlyList<StoredReceipt>> IssueAsync(string series, IReadOnlyList<ReceiptRequest> requests, CancellationToken ct = default);

    /// <summary>How many receipts the series has issued (its highest number).</summary>
    Task<long> GetIssuedAsync(string series, CancellationToken ct = default);

    /// <summary>The series' receipts numbered after <paramref name="afterSequence"/>, in number order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredReceipt>> ListAsync(string series, long afterSequence, int limit, CancellationToken ct = default);
}

/// <summary>A payment asks for its receipt.</summary>
public sealed record ReceiptRequest(string PaymentId, long Amount, DateTimeOffset At);

/// <summary>A receipt as stored: number <see cref="Sequence"/> of <see cref="Series"/>.</summary>
public sealed record StoredReceipt(string Series, long Sequence, string PaymentId, long Amount, DateTimeOffset IssuedAt);
