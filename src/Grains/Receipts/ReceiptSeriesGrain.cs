using System.Globalization;
using Microsoft.Extensions.Logging;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Receipts;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Storage;
using Orleans.Concurrency;

namespace MotCua.Grains.Receipts;

/// <summary>
/// One agency's receipt numbers for one year, and the only writer of that series in the receipt book
/// (<see cref="IReceiptBook"/>), where each receipt is a row and the next number is the highest plus one, committed with
/// the receipt: no gaps, and a retry gets its first number back. It keeps no state of its own. Every payment of the
/// agency passes through it, so calls interleave and their receipts go out in one append
/// (<see cref="GroupAppend{TItem,TResult}"/>); a number is returned only once it is stored. It calls no other grain.
/// </summary>
[GrainType("receipt-series"), Reentrant]
public sealed class ReceiptSeriesGrain : Grain, IReceiptSeriesGrain
{
    /// <summary>The most receipts one <see cref="GetAsync"/> page holds.</summary>
    public const int MaxPage = 1000;

    private readonly IReceiptBook book;
    private readonly ILogger<ReceiptSeriesGrain> logger;
    private readonly GroupAppend<ReceiptRequest, StoredReceipt> appends;

    public ReceiptSeriesGrain(IReceiptBook book, ILogger<ReceiptSeriesGrain> logger)
    {
        this.book = book;
        this.logger = logger;
        appends = new GroupAppend<ReceiptRequest, StoredReceipt>(batch => book.IssueAsync(Series, batch));
    }

    private string Series => this.GetPrimaryKeyString();

    public async Task<ReceiptView> IssueAsync(IssueReceipt command)
    {
        if (string.IsNullOrEmpty(command.PaymentId))
        {
            throw DomainException.InvalidField("paymentId", "A receipt needs the payment it is for.");
        }

        var stored = await appends.AddAsync(new ReceiptRequest(command.PaymentId, command.Amount, command.At));
        var view = ViewOf(stored);
        logger.LogInformation("Receipt {Number} for payment {PaymentId}", view.Number, command.PaymentId);
        return view;
    }

    public async Task<ReceiptSeriesView> GetAsync(long afterSequence = 0, int limit = MaxPage)
    {
        var issued = await book.GetIssuedAsync(Series);
        var page = await book.ListAsync(Series, Math.Max(0, afterSequence), Math.Clamp(limit, 1, MaxPage));
        return new ReceiptSeriesView(Series, issued, [.. page.Select(ViewOf)]);
    }

    private static ReceiptView ViewOf(StoredReceipt receipt) => new(
        $"{receipt.Series}-{receipt.Sequence.ToString("D7", CultureInfo.InvariantCulture)}", receipt.Series, receipt.Sequence,
        receipt.PaymentId, receipt.Amount, receipt.IssuedAt.ToVietnam());
}
