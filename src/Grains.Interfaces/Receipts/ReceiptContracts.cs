namespace MotCua.Grains.Interfaces.Receipts;

/// <summary>An electronic receipt number given to one payment.</summary>
/// <param name="Number">The printed number, <c>{agency}-{year}-{sequence:D7}</c>.</param>
/// <param name="Series">The series key, <c>{agency}-{year}</c>.</param>
/// <param name="Sequence">1, 2, 3… within the series, without gaps.</param>
[GenerateSerializer, Immutable, Alias("motcua.receipt-view")]
public sealed record ReceiptView(
    [property: Id(0)] string Number,
    [property: Id(1)] string Series,
    [property: Id(2)] long Sequence,
    [property: Id(3)] string PaymentId,
    [property: Id(4)] long Amount,
    [property: Id(5)] DateTimeOffset IssuedAt);

/// <summary>A payment asks for its receipt number.</summary>
[GenerateSerializer, Immutable, Alias("motcua.issue-receipt")]
public sealed record IssueReceipt(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] long Amount,
    [property: Id(2)] DateTimeOffset At);

/// <summary>A receipt series and what it issued, in order.</summary>
[GenerateSerializer, Immutable, Alias("motcua.receipt-series-view")]
public sealed record ReceiptSeriesView(
    [property: Id(0)] string Series,
    [property: Id(1)] long Issued,
    [property: Id(2)] IReadOnlyList<ReceiptView> Receipts);

/// <summary>Receipt series keys.</summary>
public static class ReceiptSeries
{
    /// <summary>The series of an agency for a calendar year (in Vietnam time).</summary>
    public static string Key(string agencyCode, int year) =>
        $"{agencyCode}-{year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)}";
}
