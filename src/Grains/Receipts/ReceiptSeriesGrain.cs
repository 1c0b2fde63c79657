using System.Globalization;
using Microsoft.Extensions.Logging;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Receipts;

namespace MotCua.Grains.Receipts;

/// <summary>
/// One agency's receipt numbers for one year. The next number is the count issued plus one, written in the same
/// write that records which payment got it, so the series has no gaps and a retry gets its first number back.
/// One grain per agency and year is the unit a gapless series needs; it calls no other grain.
/// </summary>
[GrainType("receipt-series")]
public sealed class ReceiptSeriesGrain(
    [PersistentState(StateNames.ReceiptSeries, StorageNames.Default)] IPersistentState<ReceiptSeriesState> store,
    ILogger<ReceiptSeriesGrain> logger) : Grain, IReceiptSeriesGrain
{
    // Looked up by payment id; rebuilt from the stored list on activation.
    private readonly Dictionary<string, int> _byPayment = new(StringComparer.Ordinal);

    private string Series => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < store.State.Receipts.Count; i++)
        {
            _byPayment[store.State.Receipts[i].PaymentId] = i;
        }

        return Task.CompletedTask;
    }

    public async Task<ReceiptView> IssueAsync(IssueReceipt command)
    {
        if (string.IsNullOrEmpty(command.PaymentId))
        {
            throw DomainException.InvalidField("paymentId", "A receipt needs the payment it is for.");
        }

        if (_byPayment.TryGetValue(command.PaymentId, out var index))
        {
            return ViewOf(index);
        }

        store.State.Receipts.Add(new ReceiptRecord(command.PaymentId, command.Amount, command.At));
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            store.State.Receipts.RemoveAt(store.State.Receipts.Count - 1);
            DeactivateOnIdle();
            throw;
        }

        index = store.State.Receipts.Count - 1;
        _byPayment[command.PaymentId] = index;
        var view = ViewOf(index);
        logger.LogInformation("Receipt {Number} issued for payment {PaymentId}", view.Number, command.PaymentId);
        return view;
    }

    public Task<ReceiptSeriesView> GetAsync() => Task.FromResult(new ReceiptSeriesView(
        Series, store.State.Receipts.Count, [.. Enumerable.Range(0, store.State.Receipts.Count).Select(ViewOf)]));

    private ReceiptView ViewOf(int index)
    {
        var record = store.State.Receipts[index];
        var sequence = index + 1L;
        return new ReceiptView($"{Series}-{sequence.ToString("D7", CultureInfo.InvariantCulture)}", Series, sequence,
            record.PaymentId, record.Amount, record.IssuedAt.ToVietnam());
    }
}
