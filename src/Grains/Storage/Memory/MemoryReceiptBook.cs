using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Grains.Storage.Memory;

/// <summary>The embedded default's receipts: the same rules as PostgreSQL's, held in this process.</summary>
public sealed class MemoryReceiptBook : IReceiptBook
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<StoredReceipt>> series = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Series, string PaymentId), StoredReceipt> byPayment = [];

    public Task<IReadOnlyList<StoredReceipt>> IssueAsync(string seriesKey, IReadOnlyList<ReceiptRequest> requests, CancellationToken ct = default)
    {
        var results = new List<StoredReceipt>(requests.Count);
        lock (gate)
        {
            if (!series.TryGetValue(seriesKey, out var receipts))
            {
                series[seriesKey] = receipts = [];
            }

            foreach (var request in requests)
            {
                if (!byPayment.TryGetValue((seriesKey, request.PaymentId), out var receipt))
                {
                    receipt = new StoredReceipt(seriesKey, receipts.Count + 1L, request.PaymentId, request.Amount, request.At);
                    receipts.Add(receipt);
                    byPayment[(seriesKey, request.PaymentId)] = receipt;
                }

                results.Add(receipt);
            }
        }

        return Task.FromResult<IReadOnlyList<StoredReceipt>>(results);
    }

    public Task<long> GetIssuedAsync(string seriesKey, CancellationToken ct = default)
    {
        lock (gate)
        {
            return Task.FromResult(series.TryGetValue(seriesKey, out var receipts) ? (long)receipts.Count : 0L);
        }
    }

    public Task<IReadOnlyList<StoredReceipt>> ListAsync(string seriesKey, long afterSequence, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<StoredReceipt>>(series.TryGetValue(seriesKey, out var receipts)
                ? [.. receipts.Skip((int)Math.Min(receipts.Count, Math.Max(0, afterSequence))).Take(limit)]
                : []);
        }
    }
}
