namespace MotCua.Grains.Receipts;

/// <summary>The persisted state of one receipt series: every receipt in number order.</summary>
[GenerateSerializer, Alias("motcua.receipt-series-state")]
public sealed class ReceiptSeriesState
{
    [Id(0)] public List<ReceiptRecord> Receipts { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("motcua.receipt-record")]
public sealed record ReceiptRecord(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] long Amount,
    [property: Id(2)] DateTimeOffset IssuedAt);
