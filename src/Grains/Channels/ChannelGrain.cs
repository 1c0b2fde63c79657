using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Channels;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Channels;

/// <summary>
/// A payment channel. A cash collection is a two-step flow: the channel writes its intent (counting the cash
/// against the float), then tells the payment; a retry with the same operation id finishes whichever step is left.
/// </summary>
[GrainType("channel")]
public sealed class ChannelGrain(
    [MotCua.Grains.Events.OutboxState(StateNames.Channel, StorageNames.Default)] IPersistentState<ChannelState> store,
    IOptions<ChannelOptions> options,
    TimeProvider time,
    ILogger<ChannelGrain> logger) : Grain, IChannelGrain
{
    private ChannelState State => store.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!State.Initialized)
        {
            State.FloatLimit = options.Value.DefaultFloatLimit;
            State.WindowNumber = 1;
            State.WindowOpenedAt = time.GetUtcNow();
            State.Initialized = true;
        }

        return Task.CompletedTask;
    }

    public async Task<CollectionView> RecordCollectionAsync(RecordCollection command)
    {
        var channelId = this.GetPrimaryKeyString();
        if (State.Collections.TryGetValue(command.OperationId, out var existing))
        {
            if (existing.Reference != command.Reference || existing.Amount != command.Amount)
            {
                throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.OperationConflict,
                    "This operation id was used for another collection.");
            }

            return existing.Confirmed ? ViewOf(command.OperationId, existing) : await ConfirmAsync(command, existing);
        }

        var paymentId = await GrainFactory.GetGrain<IPaymentReferenceGrain>(command.Reference).GetPaymentIdAsync()
            ?? throw DomainException.NotFound("Payment reference", command.Reference);
        var payment = GrainFactory.GetGrain<IPaymentGrain>(paymentId);
        var terms = await payment.GetCollectionTermsAsync();
        if (terms.Method != PaymentMethods.Cash || terms.Status != PaymentStatuses.Pending)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.PaymentNotCollectable,
                $"Payment {paymentId} is a {terms.Method} payment in status {terms.Status}; it cannot be collected in cash.")
            {
                CurrentStatus = terms.Status,
            };
        }

        if (command.Amount != terms.Amount)
        {
            throw DomainException.InvalidField("amount", $"The amount due is {terms.Amount} VND; {command.Amount} was reported.");
        }

        if (checked(State.Position + command.Amount) > State.FloatLimit)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.FloatLimitExceeded,
                $"Collecting {command.Amount} VND would bring the cash held to {State.Position + command.Amount} VND, "
                + $"above the float limit of {State.FloatLimit} VND. Remit and settle first.");
        }

        var collection = new CollectionState
        {
            Reference = command.Reference,
            PaymentId = paymentId,
            DossierCode = terms.DossierCode,
            Amount = command.Amount,
            ReceiptNumber = command.ReceiptNumber,
            At = time.GetUtcNow(),
            PaymentStatus = PaymentStatuses.Pending,
            WindowNumber = State.WindowNumber,
        };
        State.Collections[command.OperationId] = collection;
        State.Position += command.Amount;
        await store.WriteStateAsync();
        return await ConfirmAsync(command, collection);
    }

    public Task<ChannelView> GetAsync() => Task.FromResult(new ChannelView(
        this.GetPrimaryKeyString(),
        State.FloatLimit,
        State.Position,
        new SettlementWindowView(State.WindowNumber, State.WindowOpenedAt.ToVietnam(), State.WindowCount, State.WindowTotal)));

    public async Task<SettlementView> SettleAsync(SettleWindow command)
    {
        var done = State.Settlements.Find(s => s.OperationId == command.OperationId);
        if (done is null)
        {
            // Only confirmed collections are settled; one still being confirmed stays in the next window.
            var closing = State.Collections.Where(c => c.Value.Confirmed && c.Value.WindowNumber == State.WindowNumber).ToList();
            var now = time.GetUtcNow();
            done = new SettlementState
            {
                OperationId = command.OperationId,
                Number = State.WindowNumber,
                OpenedAt = State.WindowOpenedAt,
                ClosedAt = now,
                Count = closing.Count,
                Total = closing.Aggregate(0L, (sum, c) => checked(sum + c.Value.Amount)),
                CollectionIds = [.. closing.Select(c => c.Key)],
                Ledgered = closing.Count == 0,
            };
            foreach (var open in State.Collections.Values.Where(c => !c.Confirmed && c.WindowNumber == State.WindowNumber))
            {
                open.WindowNumber = State.WindowNumber + 1;
            }

            State.Settlements.Add(done);
            State.Position -= done.Total;
            State.WindowNumber++;
            State.WindowOpenedAt = now;
            State.WindowCount = 0;
            State.WindowTotal = 0;
            await store.WriteStateAsync();
            logger.LogInformation("Channel {ChannelId} settled window {Number}: {Count} collections, {Total} VND remitted",
                this.GetPrimaryKeyString(), done.Number, done.Count, done.Total);
        }

        // This settlement's remittance, and any earlier one a failure left unposted (the entry id makes a repeat harmless).
        foreach (var unposted in State.Settlements.Where(s => !s.Ledgered).ToList())
        {
            var channelId = this.GetPrimaryKeyString();
            await GrainFactory.PostToLedgerAsync(new JournalEntry($"settle:{channelId}:{unposted.Number}",
                [new Posting(LedgerAccounts.Treasury, unposted.Total), new Posting(LedgerAccounts.Clearing(channelId), -unposted.Total)],
                unposted.ClosedAt, $"cash remitted by {channelId}, window {unposted.Number}: {unposted.Count} collections"));
            unposted.Ledgered = true;
            await store.WriteStateAsync();
        }

        return SettlementViewOf(done);
    }

    private SettlementView SettlementViewOf(SettlementState s) => new(
        $"{this.GetPrimaryKeyString()}:{s.Number}",
        this.GetPrimaryKeyString(),
        s.Number,
        s.OpenedAt.ToVietnam(),
        s.ClosedAt.ToVietnam(),
        s.Count,
        s.Total,
        [.. s.CollectionIds.Where(State.Collections.ContainsKey).Select(id => ViewOf(id, State.Collections[id]))],
        s.Ledgered);

    private async Task<CollectionView> ConfirmAsync(RecordCollection command, CollectionState collection)
    {
        PaymentView paid;
        try
        {
            paid = await GrainFactory.GetGrain<IPaymentGrain>(collection.PaymentId).ConfirmCashCollectionAsync(
                new ConfirmCashCollection(command.OperationId, command.Actor, this.GetPrimaryKeyString(), collection.Amount,
                    collection.ReceiptNumber));
        }
        catch (DomainException)
        {
            // The payment refused (it was paid another way, cancelled or expired meanwhile): no cash changes hands.
            State.Collections.Remove(command.OperationId);
            State.Position -= collection.Amount;
            await store.WriteStateAsync();
            throw;
        }

        collection.Confirmed = true;
        collection.PaymentStatus = paid.Status;
        State.WindowCount++;
        State.WindowTotal += collection.Amount;
        MotCua.Grains.Events.SourceEvents.EmitCollection(State, this.GetPrimaryKeyString(), collection, time.GetUtcNow());
        await store.WriteStateAsync();
        logger.LogInformation("Channel {ChannelId} collected {Amount} VND for payment {PaymentId} (dossier {DossierCode})",
            this.GetPrimaryKeyString(), collection.Amount, collection.PaymentId, collection.DossierCode);
        return ViewOf(command.OperationId, collection);
    }

    private static CollectionView ViewOf(string id, CollectionState c) =>
        new(id, c.Reference, c.PaymentId, c.DossierCode, c.Amount, c.ReceiptNumber, c.At.ToVietnam(), c.PaymentStatus);
}
