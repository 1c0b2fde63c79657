using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Channels;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Grains.Channels;

/// <summary>
/// A payment channel. A cash collection is a two-step flow: the channel writes its intent (counting the cash
/// against the float), then tells the payment; a retry with the same operation id finishes whichever step is left, and
/// so does a reminder (<see cref="ConfirmReminder"/>) registered with the intent, whether or not the agent retries. A
/// retry under a new operation id for a payment this channel already collected is answered with that collection. When
/// a write of the channel's own state fails, the activation is dropped, so what it holds in memory never runs ahead of
/// storage.
/// A settlement has two steps (<see cref="SettlementRules"/>): the agent declares the open window remitted, and the cash
/// still counts against the float limit until an operator confirms the treasury received it; only then is it ledgered
/// (clearing:{channel} to the treasury). Nothing is ledgered at the declaration: the cash is still the channel's.
/// Confirmed collections and received settlements go to the channel book (<see cref="IChannelBook"/>) after the state
/// write that made them, so the state stays bounded; what is written but not yet booked is booked on the next call
/// or activation (the book ignores a row it already holds).
/// </summary>
[GrainType("channel")]
public sealed class ChannelGrain(
    [MotCua.Grains.Events.OutboxState(StateNames.Channel, StorageNames.Default)] IPersistentState<ChannelState> store,
    IChannelBook book,
    IOptions<ChannelOptions> options,
    TimeProvider time,
    ILogger<ChannelGrain> logger) : Grain, IChannelGrain, IRemindable
{
    /// <summary>The reminder that confirms the collections still waiting for their payment; it removes itself when none is left.</summary>
    public const string ConfirmReminder = "channel-confirm";

    /// <summary>How often the reminder retries a collection that its payment has not answered.</summary>
    public static readonly TimeSpan ConfirmRetryPeriod = TimeSpan.FromMinutes(1);

    /// <summary>How many confirmed collections the state keeps for retries answered from memory.</summary>
    public const int RecentKept = 64;

    /// <summary>How many finished settlements the state keeps for retries answered from memory.</summary>
    public const int RecentSettlementsKept = 8;

    private ChannelState State => store.State;

    private string ChannelId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!State.Initialized)
        {
            State.FloatLimit = options.Value.DefaultFloatLimit;
            State.WindowNumber = 1;
            State.WindowOpenedAt = time.GetUtcNow();
            State.Initialized = true;
        }

        if (State.Collections.Values.Any(c => !c.Confirmed))
        {
            // Written before the reminder existed: register it now (the flag is stored with the next write).
            await EnsureConfirmReminderAsync();
        }

        await BookCollectionsAsync();
    }

    public async Task<CollectionView> RecordCollectionAsync(RecordCollection command)
    {
        if (State.Collections.TryGetValue(command.OperationId, out var existing))
        {
            ThrowIfOtherCollection(command, existing.Reference, existing.Amount);
            return existing.Confirmed ? ViewOf(command.OperationId, existing) : await ConfirmAsync(command.OperationId, command.Actor, existing);
        }

        // The same reference under another operation id (the agent's device retried with a new key): the collection
        // this channel holds for it, whether still being confirmed or confirmed.
        if (State.Collections.FirstOrDefault(c => c.Value.Reference == command.Reference) is { Value: not null } same)
        {
            ThrowIfOtherCollection(command, same.Value.Reference, same.Value.Amount);
            return same.Value.Confirmed ? ViewOf(same.Key, same.Value) : await ConfirmAsync(same.Key, same.Value.Actor ?? command.Actor, same.Value);
        }

        if (await book.FindCollectionAsync(ChannelId, command.OperationId) is { } booked)
        {
            ThrowIfOtherCollection(command, booked.Reference, booked.Amount);
            return ViewOf(booked);
        }

        var paymentId = await GrainFactory.GetGrain<IPaymentReferenceGrain>(command.Reference).GetPaymentIdAsync()
            ?? throw DomainException.NotFound("Payment reference", command.Reference);
        var payment = GrainFactory.GetGrain<IPaymentGrain>(paymentId);
        var terms = await payment.GetCollectionTermsAsync();
        if (terms.Method == PaymentMethods.Cash && terms.Status == PaymentStatuses.Succeeded
            && await book.FindCollectionByPaymentAsync(ChannelId, paymentId) is { } collected)
        {
            ThrowIfOtherCollection(command, collected.Reference, collected.Amount);
            return ViewOf(collected);
        }

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

        SettlementRules.EnsureWithinFloat(State, command.Amount);

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
            Actor = command.Actor,
        };
        State.Collections[command.OperationId] = collection;
        State.Position += command.Amount;
        // Registered before the intent is written: a crash after the write still gets the collection confirmed.
        await EnsureConfirmReminderAsync();
        await WriteAsync();
        return await ConfirmAsync(command.OperationId, command.Actor, collection);
    }

    private async Task EnsureConfirmReminderAsync()
    {
        if (!State.ConfirmReminder)
        {
            await this.RegisterOrUpdateReminder(ConfirmReminder, ConfirmRetryPeriod, ConfirmRetryPeriod);
            State.ConfirmReminder = true;
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ConfirmReminder)
        {
            return;
        }

        foreach (var (operationId, collection) in State.Collections.Where(c => !c.Value.Confirmed).ToList())
        {
            try
            {
                await ConfirmAsync(operationId, collection.Actor ?? Actor.System, collection);
            }
            catch (DomainException ex)
            {
                logger.LogInformation("Channel {ChannelId}: collection {OperationId} for payment {PaymentId} refused by the payment ({Code}); the cash is not counted",
                    ChannelId, operationId, collection.PaymentId, ex.Code);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Channel {ChannelId}: collection {OperationId} for payment {PaymentId} still unconfirmed; retrying in {Period}",
                    ChannelId, operationId, collection.PaymentId, ConfirmRetryPeriod);
                return;
            }
        }

        if (State.Collections.Values.All(c => c.Confirmed))
        {
            if (await this.GetReminder(ConfirmReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            if (State.ConfirmReminder)
            {
                State.ConfirmReminder = false;
                await WriteAsync();
            }
        }
    }

    public Task<ChannelView> GetAsync() => Task.FromResult(new ChannelView(
        ChannelId,
        State.FloatLimit,
        State.Position,
        new SettlementWindowView(State.WindowNumber, State.WindowOpenedAt.ToVietnam(), State.WindowCount, State.WindowTotal),
        SettlementRules.AwaitingReceiptTotal(State),
        [.. SettlementRules.AwaitingReceipt(State).Select(s => new DeclaredSettlementView(SettlementId(s.Number), s.Number,
            s.ClosedAt.ToVietnam(), s.Count, s.Total, s.RemittanceReference))]));

    public async Task<SettlementView> DeclareSettlementAsync(DeclareSettlement command)
    {
        await BookCollectionsAsync(); // the window's collections are listed from the book
        var done = SettlementRules.Retried(State, command);
        if (done is null && await book.FindSettlementAsync(ChannelId, command.OperationId) is { } booked)
        {
            SettlementRules.EnsureSameDeclaration(booked.Total, booked.RemittanceReference, command);
            return await SettlementViewOf(FromRow(booked));
        }

        if (done is null)
        {
            done = SettlementRules.Declare(State, command, time.GetUtcNow());
            await WriteAsync();
            logger.LogInformation("Channel {ChannelId} declared window {Number} remitted: {Count} collections, {Total} VND, remittance {RemittanceReference}, by {KeyId}; {Status}",
                ChannelId, done.Number, done.Count, done.Total, done.RemittanceReference, command.Actor.KeyId, SettlementRules.StatusOf(done));
        }

        await FinishReceivedAsync();
        return await SettlementViewOf(done);
    }

    public async Task<SettlementView> ConfirmSettlementReceiptAsync(ConfirmSettlementReceipt command)
    {
        SettlementRules.EnsureMayConfirmReceipt(command.Actor);
        await BookCollectionsAsync();
        var settlement = State.Settlements.Find(s => s.Number == command.Number);
        if (settlement is null)
        {
            // Received long ago (the state keeps only the recent ones), or never declared.
            return await book.FindSettlementByNumberAsync(ChannelId, command.Number) is { } booked
                ? await SettlementViewOf(FromRow(booked))
                : throw DomainException.NotFound("Settlement", SettlementId(command.Number));
        }

        if (SettlementRules.Receive(State, settlement, time.GetUtcNow()))
        {
            await WriteAsync();
            logger.LogInformation("Channel {ChannelId}: the treasury received settlement {Number} ({Total} VND, remittance {RemittanceReference}), confirmed by {KeyId} (operation {OperationId}, note {Note}); position now {Position} VND of {FloatLimit}",
                ChannelId, settlement.Number, settlement.Total, settlement.RemittanceReference, command.Actor.KeyId, command.OperationId,
                command.Note ?? "", State.Position, State.FloatLimit);
        }

        await FinishReceivedAsync();
        return await SettlementViewOf(settlement);
    }

    /// <summary>
    /// Books and ledgers every received settlement a failure left unbooked or unposted (the book and the entry id make a
    /// repeat harmless): the cash moves from the channel's clearing account to the treasury.
    /// </summary>
    private async Task FinishReceivedAsync()
    {
        foreach (var unfinished in State.Settlements.Where(s => SettlementRules.IsReceived(s) && (!s.Booked || !s.Ledgered)).ToList())
        {
            await book.RecordSettlementAsync(new ChannelSettlementRow(ChannelId, unfinished.Number, unfinished.OperationId,
                unfinished.OpenedAt, unfinished.ClosedAt, unfinished.Count, unfinished.Total,
                unfinished.RemittanceReference.Length == 0 ? null : unfinished.RemittanceReference,
                unfinished.ReceivedAt ?? unfinished.ClosedAt));
            unfinished.Booked = true;
            if (!unfinished.Ledgered)
            {
                await GrainFactory.PostToLedgerAsync(new JournalEntry(LedgerEntryIds.Settlement(ChannelId, unfinished.Number),
                    [new Posting(LedgerAccounts.Treasury, unfinished.Total), new Posting(LedgerAccounts.Clearing(ChannelId), -unfinished.Total)],
                    unfinished.ReceivedAt ?? unfinished.ClosedAt,
                    $"cash of {ChannelId}, window {unfinished.Number} ({unfinished.Count} collections), received by the treasury; remittance {unfinished.RemittanceReference}"));
                unfinished.Ledgered = true;
            }

            TrimSettlements();
            await WriteAsync();
        }
    }

    private string SettlementId(int number) => $"{ChannelId}:{number}";

    private static SettlementState FromRow(ChannelSettlementRow row) => new()
    {
        OperationId = row.OperationId, Number = row.Number, OpenedAt = row.OpenedAt, ClosedAt = row.ClosedAt,
        Count = row.Count, Total = row.Total, RemittanceReference = row.RemittanceReference ?? "",
        Status = SettlementStatuses.Received, ReceivedAt = row.ReceivedAt, Ledgered = true, Booked = true,
    };

    private static void ThrowIfOtherCollection(RecordCollection command, string reference, long amount)
    {
        if (reference != command.Reference || amount != command.Amount)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.OperationConflict,
                "This operation id was used for another collection.");
        }
    }

    private async Task<SettlementView> SettlementViewOf(SettlementState s)
    {
        var collections = await book.ListCollectionsAsync(ChannelId, s.Number);
        return new SettlementView(SettlementId(s.Number), ChannelId, s.Number, s.OpenedAt.ToVietnam(), s.ClosedAt.ToVietnam(),
            s.Count, s.Total,
            [.. collections.Select(ViewOf)],
            s.Ledgered,
            SettlementRules.StatusOf(s),
            s.RemittanceReference.Length == 0 ? null : s.RemittanceReference,
            s.ReceivedAt?.ToVietnam());
    }

    /// <summary>
    /// Tells the payment about a collection whose intent is written, and records its answer. A refusal removes the
    /// collection (no cash changes hands); any other failure leaves it to be confirmed by a retry or the reminder.
    /// </summary>
    private async Task<CollectionView> ConfirmAsync(string operationId, Actor actor, CollectionState collection)
    {
        PaymentView paid;
        try
        {
            paid = await GrainFactory.GetGrain<IPaymentGrain>(collection.PaymentId).ConfirmCashCollectionAsync(
                new ConfirmCashCollection(operationId, actor, ChannelId, collection.Amount, collection.ReceiptNumber));
        }
        catch (DomainException)
        {
            // The payment refused (it was paid another way, cancelled or expired meanwhile): no cash changes hands.
            State.Collections.Remove(operationId);
            State.Position -= collection.Amount;
            await WriteAsync();
            throw;
        }

        collection.Confirmed = true;
        collection.Actor = null; // needed only to confirm it later; the payment's history holds who collected it
        collection.PaymentStatus = paid.Status;
        collection.WindowNumber = State.WindowNumber;
        collection.ConfirmedOrder = ++State.ConfirmedCount;
        State.WindowCount++;
        State.WindowTotal += collection.Amount;
        MotCua.Grains.Events.SourceEvents.EmitCollection(State, ChannelId, collection, time.GetUtcNow());
        TrimCollections();
        await WriteAsync();
        await BookCollectionsAsync();
        logger.LogInformation("Channel {ChannelId} collected {Amount} VND for payment {PaymentId} (dossier {DossierCode})",
            ChannelId, collection.Amount, collection.PaymentId, collection.DossierCode);
        return ViewOf(operationId, collection);
    }

    /// <summary>Writes the state; when that fails, drops the activation so its memory cannot run ahead of storage.</summary>
    private async Task WriteAsync()
    {
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Writes the confirmed collections the book does not hold yet; the state learns it at its next write.</summary>
    private async Task BookCollectionsAsync()
    {
        var unbooked = State.Collections.Where(c => c.Value.Confirmed && !c.Value.Booked).ToList();
        if (unbooked.Count == 0)
        {
            return;
        }

        await book.RecordCollectionsAsync([.. unbooked.Select(c => new ChannelCollectionRow(ChannelId, c.Key, c.Value.Reference,
            c.Value.PaymentId, c.Value.DossierCode, c.Value.Amount, c.Value.ReceiptNumber, c.Value.At, c.Value.PaymentStatus,
            c.Value.WindowNumber))]);
        foreach (var (_, collection) in unbooked)
        {
            collection.Booked = true;
        }
    }

    /// <summary>Keeps the collections being confirmed, those not yet booked, and the <see cref="RecentKept"/> newest booked ones.</summary>
    private void TrimCollections()
    {
        var old = State.Collections.Where(c => c.Value.Confirmed && c.Value.Booked)
            .OrderByDescending(c => c.Value.ConfirmedOrder).Skip(RecentKept).Select(c => c.Key).ToList();
        foreach (var id in old)
        {
            State.Collections.Remove(id);
        }
    }

    /// <summary>Keeps the unfinished settlements and the <see cref="RecentSettlementsKept"/> newest finished ones.</summary>
    private void TrimSettlements()
    {
        var finished = State.Settlements.Where(s => s.Booked && s.Ledgered).ToList();
        foreach (var old in finished.Take(Math.Max(0, finished.Count - RecentSettlementsKept)))
        {
            State.Settlements.Remove(old);
        }
    }

    private static CollectionView ViewOf(ChannelCollectionRow c) =>
        new(c.OperationId, c.Reference, c.PaymentId, c.DossierCode, c.Amount, c.ReceiptNumber, c.At.ToVietnam(), c.PaymentStatus);

    private static CollectionView ViewOf(string id, CollectionState c) =>
        new(id, c.Reference, c.PaymentId, c.DossierCode, c.Amount, c.ReceiptNumber, c.At.ToVietnam(), c.PaymentStatus);
}
