using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Grains.Storage.Memory;

/// <summary>The embedded default's payment rows, matched against the journal this process holds.</summary>
public sealed class MemoryPaymentBook(ILedgerJournal journal) : IPaymentBook
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, PaidPayment> payments = new(StringComparer.Ordinal);

    public Task RecordAsync(PaidPayment payment, CancellationToken ct = default)
    {
        lock (gate)
        {
            payments[payment.PaymentId] = payment;
        }

        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<LedgeredPayment>> FindLedgeredAsync(string account, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var entries = await journal.FindByAccountAsync(account, from, to, ct);
        lock (gate)
        {
            return [.. entries
                .Where(e => e.Id.StartsWith(LedgerEntryIds.PaymentPrefix, StringComparison.Ordinal))
                .Select(e =>
                {
                    var paymentId = e.Id[LedgerEntryIds.PaymentPrefix.Length..];
                    return new LedgeredPayment(paymentId, e.Postings.Where(p => p.Account == account).Sum(p => p.Amount), e.At,
                        payments.GetValueOrDefault(paymentId));
                })
                .OrderBy(p => p.PaymentId, StringComparer.Ordinal)];
        }
    }
}
