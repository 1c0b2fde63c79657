using System.Globalization;
using Microsoft.Extensions.Logging;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Receipts;
using MotCua.Grains.Storage;
using Orleans.Concurrency;
using Orleans.Serialization;

namespace MotCua.Grains.Receipts;

/// <summary>
/// One agency's receipt numbers for one year. The next number is the count issued plus one, stored in the same write
/// that records which payment got it, so the series has no gaps and a retry gets its first number back.
/// One grain per agency and year is the unit a gapless series needs, so every payment of the agency passes through it:
/// calls interleave and their receipts are stored together (<see cref="GroupCommit{T}"/>), and a number is returned
/// only once it is stored. It calls no other grain.
/// </summary>
[GrainType("receipt-series"), Reentrant]
public sealed class ReceiptSeriesGrain : Grain, IReceiptSeriesGrain
{
    private readonly GroupCommit<ReceiptSeriesState> commit;
    private readonly ILogger<ReceiptSeriesGrain> logger;

    // Looked up by payment id; rebuilt from the stored list on activation.
    private readonly Dictionary<string, int> _byPayment = new(StringComparer.Ordinal);

    public ReceiptSeriesGrain(
        [PersistentState(StateNames.ReceiptSeries, StorageNames.Default)] IPersistentState<ReceiptSeriesState> store,
        DeepCopier<ReceiptSeriesState> copier,
        ILogger<ReceiptSeriesGrain> logger)
    {
        commit = new GroupCommit<ReceiptSeriesState>(store, copier, DeactivateOnIdle);
        this.logger = logger;
    }

    private string Series => this.GetPrimaryKeyString();

    private ReceiptSeriesState State => commit.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < State.Receipts.Count; i++)
        {
            _byPayment[State.Receipts[i].PaymentId] = i;
        }

        return Task.CompletedTask;
    }

    public async Task<ReceiptView> IssueAsync(IssueReceipt command)
    {
        if (string.IsNullOrEmpty(command.PaymentId))
        {
            throw DomainException.InvalidField("paymentId", "A receipt needs the payment it is for.");
        }

        commit.ThrowIfBroken();
        if (_byPayment.TryGetValue(command.PaymentId, out var index))
        {
            await commit.StoredAsync(); // the first call for it may still be waiting for its write

            return ViewOf(index);
        }

        State.Receipts.Add(new ReceiptRecord(command.PaymentId, command.Amount, command.At));
        index = State.Receipts.Count - 1;
        _byPayment[command.PaymentId] = index;
        await commit.CommitAsync();
        var view = ViewOf(index);
        logger.LogInformation("Receipt {Number} issued for payment {PaymentId}", view.Number, command.PaymentId);
        return view;
    }

    public async Task<ReceiptSeriesView> GetAsync()
    {
        await commit.StoredAsync(); // never shows a number that may yet be lost
        return new ReceiptSeriesView(Series, State.Receipts.Count, [.. Enumerable.Range(0, State.Receipts.Count).Select(ViewOf)]);
    }

    private ReceiptView ViewOf(int index)
    {
        var record = State.Receipts[index];
        var sequence = index + 1L;
        return new ReceiptView($"{Series}-{sequence.ToString("D7", CultureInfo.InvariantCulture)}", Series, sequence,
            record.PaymentId, record.Amount, record.IssuedAt.ToVietnam());
    }
}
