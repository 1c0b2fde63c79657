using System.Globalization;
using MotCua.Sandbox.Faults;

namespace MotCua.Sandbox.Payments;

/// <summary>One booked movement, before a provider renders it in its own statement format.</summary>
public sealed record StatementLine(string EntryId, string TransactionId, string Reference, long Amount, bool IsRefund, DateTimeOffset BookedAt);

/// <summary>Builds a provider's statement of one Vietnamese day from its payments, then applies injected discrepancies.</summary>
public static class StatementBuilder
{
    /// <summary>Payments received and refunds made on <paramref name="date"/>, oldest first, as the faulty provider reports them.</summary>
    public static IReadOnlyList<StatementLine> Build(IEnumerable<PaymentRecord> payments, DateOnly date, StatementFaults faults)
    {
        var lines = new List<StatementLine>();
        foreach (var payment in payments)
        {
            if (payment is { State: PaymentState.Succeeded, PaidAt: { } paidAt } && VietnamTime.DateOf(paidAt) == date)
            {
                lines.Add(new(payment.TransactionId, payment.TransactionId, payment.Reference, payment.Amount, false, paidAt));
            }

            lines.AddRange(payment.Refunds
                .Where(r => VietnamTime.DateOf(r.CreatedAt) == date)
                .Select(r => new StatementLine(r.RefundId, payment.TransactionId, payment.Reference, r.Amount, true, r.CreatedAt)));
        }

        lines.RemoveAll(line => faults.Missing.Any(match => Matches(line, match)));
        var shown = lines
            .Select(line => line with { Amount = line.Amount + faults.AmountMismatch.Where(m => Matches(line, m.Match)).Sum(m => m.Delta) })
            .ToList();
        shown.AddRange(faults.Extra
            .Select((extra, index) => (extra, index))
            .Where(e => e.extra.Date == date)
            .Select(e => new StatementLine(
                string.Create(CultureInfo.InvariantCulture, $"EXTRA{e.index + 1:D4}"),
                string.Create(CultureInfo.InvariantCulture, $"EXTRA{e.index + 1:D4}"),
                e.extra.Reference, e.extra.Amount, false, VietnamTime.NoonOf(date))));
        return [.. shown.OrderBy(l => l.BookedAt).ThenBy(l => l.IsRefund).ThenBy(l => l.EntryId, StringComparer.Ordinal)];
    }

    private static bool Matches(StatementLine line, string match) =>
        line.EntryId == match || line.TransactionId == match || line.Reference == match;
}
