using MotCua.Grains.Interfaces.Receipts;

namespace MotCua.Grains.Tests;

[Collection(PaymentCollection.Name)]
public sealed class ReceiptSeriesTests(PaymentClusterFixture fixture)
{
    [Fact]
    public async Task ReceiptNumbersAreGaplessAndAPaymentAlwaysGetsItsOwn()
    {
        var series = fixture.Grains.GetGrain<IReceiptSeriesGrain>($"T{Guid.NewGuid():N}"[..10].ToUpperInvariant() + "-2026");
        var payments = Enumerable.Range(0, 40).Select(i => $"pay_{i}").ToList();
        var at = fixture.Time.GetUtcNow();

        // Each payment asks three times, all at once, in shuffled order.
        var asks = payments.Concat(payments).Concat(payments).OrderBy(_ => Random.Shared.Next()).ToList();
        var receipts = await Task.WhenAll(asks.Select(p => series.IssueAsync(new IssueReceipt(p, 1_000, at))));

        var byPayment = receipts.GroupBy(r => r.PaymentId).ToDictionary(g => g.Key, g => g.Select(r => r.Number).Distinct().ToList());
        Assert.All(byPayment.Values, numbers => Assert.Single(numbers));
        var all = await series.GetAsync();
        Assert.Equal(40, all.Issued);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), all.Receipts.Select(r => r.Sequence));
        Assert.Equal(40, all.Receipts.Select(r => r.PaymentId).Distinct().Count());
        Assert.Matches(@"^T[0-9A-F]{9}-2026-0000001$", all.Receipts[0].Number);

        // What was answered was stored: a new activation reads the same series, and a payment asking again gets its number.
        await fixture.Cluster.DeactivateAsync(series);
        var reread = await series.GetAsync();
        Assert.Equal(all.Receipts.Select(r => (r.Number, r.PaymentId)), reread.Receipts.Select(r => (r.Number, r.PaymentId)));
        Assert.Equal(byPayment["pay_7"].Single(), (await series.IssueAsync(new IssueReceipt("pay_7", 1_000, at))).Number);
    }

    [Fact]
    public async Task EachAgencyAndYearHasItsOwnSeries()
    {
        var agency = $"A{Guid.NewGuid():N}"[..8].ToUpperInvariant();
        var at = fixture.Time.GetUtcNow();

        var first2026 = await fixture.Grains.GetGrain<IReceiptSeriesGrain>(ReceiptSeries.Key(agency, 2026)).IssueAsync(new IssueReceipt("pay_1", 1, at));
        var first2027 = await fixture.Grains.GetGrain<IReceiptSeriesGrain>(ReceiptSeries.Key(agency, 2027)).IssueAsync(new IssueReceipt("pay_2", 1, at));

        Assert.Equal($"{agency}-2026-0000001", first2026.Number);
        Assert.Equal($"{agency}-2027-0000001", first2027.Number);
    }
}
