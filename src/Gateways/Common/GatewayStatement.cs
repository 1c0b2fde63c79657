namespace MotCua.Gateways;

/// <summary>A provider's statement of one day (Vietnam time, +07:00), for reconciliation against the ledger.</summary>
/// <param name="Provider">One of <see cref="GatewayProviders"/>.</param>
/// <param name="Date">The day covered.</param>
/// <param name="Entries">Every payment and refund the provider booked that day.</param>
public sealed record GatewayStatement(string Provider, DateOnly Date, IReadOnlyList<StatementEntry> Entries)
{
    /// <summary>Money received minus money refunded, whole đồng.</summary>
    public long NetAmount => Entries.Sum(e => e.Kind == StatementEntryKind.Payment ? e.Amount : -e.Amount);
}

/// <summary>One booked movement on a statement.</summary>
/// <param name="EntryId">Unique on the statement: the transaction id for a payment, the refund id for a refund.</param>
/// <param name="TransactionId">The payment's provider id (for a refund, the refunded payment's).</param>
/// <param name="Reference">MotCua's reference: order id or VietQR bill number.</param>
/// <param name="Amount">Whole đồng, always positive; <paramref name="Kind"/> gives the direction.</param>
/// <param name="Kind">Money in or out.</param>
/// <param name="BookedAt">When the provider booked it.</param>
public sealed record StatementEntry(
    string EntryId,
    string TransactionId,
    string Reference,
    long Amount,
    StatementEntryKind Kind,
    DateTimeOffset BookedAt);

/// <summary>The direction of a <see cref="StatementEntry"/>.</summary>
public enum StatementEntryKind
{
    /// <summary>Money received from a citizen.</summary>
    Payment,

    /// <summary>Money given back.</summary>
    Refund,
}
