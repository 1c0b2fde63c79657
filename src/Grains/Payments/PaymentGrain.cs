using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MotCua.Gateways;
using MotCua.Gateways.VietQr;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Interfaces.Receipts;
using MotCua.Grains.Interfaces.Wallets;
using MotCua.Grains.Payments.Gateways;
using Orleans.Runtime;

namespace MotCua.Grains.Payments;

/// <summary>
/// One payment of a dossier's fees. Its status follows <see cref="PaymentStateMachine"/>; everything after the money
/// moved is a saga whose steps run in order, each written before the next starts and each idempotent at the grain it
/// calls: (wallet payments: hold → capture) → dossier (fee items paid, or a duplicate) → ledger → receipt number →
/// refunds (ledger, then wallet credit). A reminder registered before the first step's write finishes whatever a
/// failure or a crash left. Calls go one way only: to the dossier, the wallet, the ledger and the receipt series,
/// none of which calls a payment, so these non-reentrant grains cannot deadlock.
/// </summary>
[GrainType("payment")]
public sealed class PaymentGrain(
    [MotCua.Grains.Events.OutboxState(StateNames.Payment, StorageNames.Default)] IPersistentState<PaymentState> store,
    IOptions<PaymentOptions> options,
    CollectionAccounts collectionAccounts,
    IPaymentGateways gateways,
    IPaymentSagaFaults faults,
    IPaymentBook paymentBook,
    TimeProvider time,
    ILogger<PaymentGrain> logger) : Grain, IPaymentGrain, IRemindable
{
    public const string SagaReminder = "payment-saga";
    public const string ExpiryReminder = "payment-expiry";
    public const string StatusQueryReminder = "payment-status-query";
    private const int MaxReferenceAttempts = 16;

    private IGrainReminder? sagaReminder;

    private PaymentState State => store.State;

    /// <summary>
    /// The stored <see cref="PaymentState.SagaReminder"/> is true from before the first write that leaves saga work until
    /// some write after the saga finished; the reminder itself is removed as soon as the saga finishes. So a stored true
    /// with saga work means the reminder exists, and a stored true without saga work means one may be left: it is read
    /// as false, and a reminder left over finds nothing to do on its next tick and removes itself.
    /// </summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Exists && State.SagaReminder && !HasSagaWork())
        {
            State.SagaReminder = false;
        }

        return base.OnActivateAsync(cancellationToken);
    }

    private string PaymentId => this.GetPrimaryKeyString();

    public async Task<PaymentView> CreateAsync(CreatePayment command)
    {
        if (State.Exists)
        {
            if (State.CreatedByOperation == command.OperationId)
            {
                await TryOpenCheckoutAsync();
                return View();
            }

            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.OperationConflict,
                $"Payment {PaymentId} already exists.");
        }

        if (!PaymentMethods.All.Contains(command.Method))
        {
            throw DomainException.InvalidField("method", $"Unknown payment method '{command.Method}'.");
        }

        if (command.Method is PaymentMethods.ViettelPay or PaymentMethods.VnptPay && !gateways.IsConfigured(command.Method))
        {
            throw new DomainException(DomainErrorKind.Conflict, PaymentErrorCodes.GatewayUnavailable,
                $"No {command.Method} gateway is configured here, so fees cannot be paid by {command.Method}.");
        }

        var now = time.GetUtcNow();
        var dossierGrain = GrainFactory.GetGrain<IDossierGrain>(command.DossierCode);
        // Read first (it changes nothing): the agency decides the collection account, the applicant the wallet.
        var dossier = await dossierGrain.GetAsync();
        CollectionAccount? account = null;
        if (command.Method == PaymentMethods.VietQr)
        {
            account = collectionAccounts.Find(dossier.AgencyCode)
                ?? throw new DomainException(DomainErrorKind.Conflict, PaymentErrorCodes.CollectionAccountMissing,
                    $"Agency {dossier.AgencyCode} has no collection account configured, so fees cannot be paid to it by VietQR.");
        }

        // The dossier lists the payment: it moves no money, and is idempotent by payment id. The reference is claimed
        // meanwhile (also idempotent by payment id): if the dossier refuses, the claimed reference points at a payment
        // that never existed, which a collection reports as not found, and a retry of this payment gets it back.
        var registering = dossierGrain.RegisterPaymentAsync(new RegisterPayment(PaymentId, command.Method, now));
        var claiming = ClaimReferenceAsync();
        await Task.WhenAll(registering, claiming); // the dossier's refusal, if any, is the error reported
        var terms = await registering;
        var lines = FeeLines(dossier, terms);
        var reference = await claiming;

        State.CreatedByOperation = command.OperationId;
        State.DossierCode = terms.DossierCode;
        State.Method = command.Method;
        State.Status = PaymentStatuses.Pending;
        State.Amount = terms.Amount;
        State.FeeItemIds = [.. terms.FeeItemIds];
        State.FeeLines = lines;
        State.AgencyCode = terms.AgencyCode;
        State.ApplicantName = terms.ApplicantName;
        State.CitizenId = dossier.Applicant.CitizenId;
        State.Reference = reference;
        State.CreatedAt = now;
        State.ExpiresAt = now + options.Value.PendingLifetime;
        if (account is not null)
        {
            State.VietQr = MakeVietQr(account, terms.DossierCode, lines);
        }

        Record("payment.created", command.Actor, null, PaymentStatuses.Pending, $"{command.Method} {terms.Amount} VND", now);
        if (command.Method == PaymentMethods.Wallet)
        {
            // The wallet steps follow at once; the saga reminder covers a crash before they are done.
            State.Wallet.HoldRequested = true;
            await EnsureSagaReminderAsync();
        }
        else
        {
            // Registered before the write: a crash right after it still expires the payment.
            await this.RegisterOrUpdateReminder(ExpiryReminder, options.Value.PendingLifetime,
                Max(options.Value.ExpiryRetryPeriod, TimeSpan.FromMinutes(1)));
        }

        await WriteAsync();
        logger.LogInformation("Payment {PaymentId} created for dossier {DossierCode}: {Method} {Amount} VND",
            PaymentId, terms.DossierCode, command.Method, terms.Amount);
        if (command.Method == PaymentMethods.Wallet)
        {
            await TryAdvanceAsync();
        }

        await TryOpenCheckoutAsync();
        return View();
    }

    public async Task<PaymentView> GetAsync()
    {
        EnsureExists();
        if (await ExpireIfDueAsync())
        {
            await TryAdvanceAsync();
        }

        // An e-wallet order the provider did not open at creation (it was down) is asked for again by the next read.
        await TryOpenCheckoutAsync();
        return View();
    }

    public async Task<CollectionTerms> GetCollectionTermsAsync()
    {
        EnsureExists();
        if (await ExpireIfDueAsync())
        {
            await TryAdvanceAsync();
        }

        return PaymentViews.Terms(PaymentId, State);
    }

    public async Task<PaymentView> ConfirmCashCollectionAsync(ConfirmCashCollection command)
    {
        EnsureExists();
        if (State.CollectionId == command.CollectionId)
        {
            await TryAdvanceAsync();
            return View();
        }

        await ExpireIfDueAsync();
        if (State.Method != PaymentMethods.Cash || State.Status != PaymentStatuses.Pending)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.PaymentNotCollectable,
                State.Method != PaymentMethods.Cash
                    ? $"Payment {PaymentId} is a {State.Method} payment, not cash."
                    : $"Payment {PaymentId} is {State.Status}; only a pending payment can be collected.")
            {
                CurrentStatus = State.Status,
            };
        }

        if (command.Amount != State.Amount)
        {
            throw DomainException.InvalidField("amount", $"The amount due is {State.Amount} VND; {command.Amount} was reported.");
        }

        try
        {
            // One fee is paid once: no cash for a fee another payment paid, or for a dossier that waits for none.
            await GrainFactory.GetGrain<IDossierGrain>(State.DossierCode).CheckPayableAsync(PaymentId);
        }
        catch (DomainException ex) when (ex.Code is ErrorCodes.FeeAlreadyPaid or ErrorCodes.DossierNotAwaitingPayment)
        {
            Transition(PaymentAction.Cancel, Actor.System, ex.Detail, time.GetUtcNow());
            await WriteAsync();
            await TryAdvanceAsync();
            throw;
        }

        await EnsureSagaReminderAsync();
        var now = time.GetUtcNow();
        Transition(PaymentAction.Succeed, command.Actor, $"cash collected by {command.ChannelId}, receipt {command.ReceiptNumber}", now);
        State.CollectionId = command.CollectionId;
        State.ChannelId = command.ChannelId;
        State.AgentReceiptNumber = command.ReceiptNumber;
        State.SucceededAt = now;
        await WriteAsync();
        logger.LogInformation("Payment {PaymentId} succeeded: cash {Amount} VND at {ChannelId}", PaymentId, State.Amount, command.ChannelId);

        // The money is taken and recorded; whatever the saga cannot finish now, its reminder finishes. The answer stays a success.
        await TryAdvanceAsync();
        return View();
    }

    public async Task<PaymentView> CancelAsync(CancelPayment command)
    {
        EnsureExists();
        if (State.CancelledByOperation == command.OperationId)
        {
            return View();
        }

        if (await ExpireIfDueAsync())
        {
            await TryAdvanceAsync();
        }

        if (PaymentStateMachine.Next(State.Status, PaymentAction.Cancel) is null)
        {
            throw DomainException.InvalidTransition("cancel", State.Status, PaymentStateMachine.AllowedActions(State.Status));
        }

        if (State.Wallet.HoldRequested)
        {
            State.Wallet.ReleaseRequested = true;
            await EnsureSagaReminderAsync();
        }

        Transition(PaymentAction.Cancel, command.Actor, command.Reason, time.GetUtcNow());
        State.CancelledByOperation = command.OperationId;
        await WriteAsync();
        logger.LogInformation("Payment {PaymentId} cancelled", PaymentId);
        await TryAdvanceAsync();
        return View();
    }

    public async Task<GatewayOutcomeResult> RecordGatewayOutcomeAsync(RecordGatewayOutcome command)
    {
        EnsureExists();
        if (State.Notices.TryGetValue(command.NotificationId, out var seen))
        {
            await TryAdvanceAsync();
            return new GatewayOutcomeResult(seen.Disposition, seen.Reason, View());
        }

        if (command.Outcome is not (GatewayOutcomeKinds.Succeeded or GatewayOutcomeKinds.Failed))
        {
            throw DomainException.InvalidField("outcome", $"A gateway outcome is '{GatewayOutcomeKinds.Succeeded}' or '{GatewayOutcomeKinds.Failed}'.");
        }

        if (await ExpireIfDueAsync())
        {
            await TryAdvanceAsync();
        }

        var now = time.GetUtcNow();
        var decision = GatewayOutcomePolicy.Decide(State, command.Provider, command.Outcome, command.ProviderReference, command.Amount);
        if (decision.Action is { } action)
        {
            await EnsureSagaReminderAsync();
            Transition(action, command.Actor, action == PaymentAction.Succeed
                ? $"{command.Provider} transaction {command.ProviderReference}"
                : $"{command.Provider} transaction {command.ProviderReference} failed", now);
            State.Provider = command.Provider;
            State.ProviderReference = command.ProviderReference;
            if (action == PaymentAction.Succeed)
            {
                State.SucceededAt = GatewayOutcomePolicy.PaidAt(command.OccurredAt, now);
            }
            else
            {
                State.FailureReason = $"{command.Provider} reported a failure";
            }

            State.StatusQuery.NextAttemptAt = null;
        }

        if (decision.ReturnMoney)
        {
            PaymentHistory.AddReturn(State, command.Provider, command.ProviderReference, command.Amount, decision.Reason!, now);
        }

        State.Notices[command.NotificationId] = new GatewayNoticeState(command.Provider, command.Outcome, command.ProviderReference,
            command.Amount, command.OccurredAt, now, decision.Disposition, decision.Reason);
        await WriteAsync();
        if (decision.Disposition == GatewayDispositions.RecordedNotApplied)
        {
            logger.LogWarning("Payment {PaymentId}: {Provider} notification {NotificationId} ({Outcome}) recorded, not applied{Returned}: {Reason}",
                PaymentId, command.Provider, command.NotificationId, command.Outcome, decision.ReturnMoney ? ", money to be returned" : "",
                decision.Reason);
        }

        await TryAdvanceAsync();
        return new GatewayOutcomeResult(decision.Disposition, decision.Reason, View());
    }

    public async Task<PaymentView> RefundAsync(RefundPayment command)
    {
        EnsureExists();
        if (State.Refunds.Find(r => r.Id == command.OperationId) is { } done)
        {
            if (done.Amount != command.Amount || done.Reason != command.Reason)
            {
                throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.OperationConflict,
                    "This operation id was used for another refund.");
            }

            await TryAdvanceAsync();
            return View();
        }

        if (!PaymentStatuses.MoneyReceived(State.Status) || State.Status == PaymentStatuses.Refunded)
        {
            throw DomainException.InvalidTransition("refund", State.Status, PaymentStateMachine.AllowedActions(State.Status));
        }

        if (State.DossierOutcome is null)
        {
            // Until the dossier has answered, the payment may yet turn out a duplicate that is refunded in full by itself.
            await TryAdvanceAsync();
            if (State.DossierOutcome is null)
            {
                throw new DomainException(DomainErrorKind.Conflict, PaymentErrorCodes.PaymentSettling,
                    $"Payment {PaymentId} is still being recorded on dossier {State.DossierCode}; retry the refund shortly.")
                {
                    CurrentStatus = State.Status,
                };
            }
        }

        var (action, allocation) = RefundRules.Plan(State, command.Amount);
        await EnsureSagaReminderAsync();
        var now = time.GetUtcNow();
        State.Refunds.Add(new RefundState
        {
            Id = command.OperationId,
            Amount = command.Amount,
            Reason = command.Reason,
            At = now,
            Payee = PaymentJournal.Payee(State),
            Allocation = [.. allocation],
            ProviderTransactionId = State.ProviderReference,
        });
        Transition(action, command.Actor, $"{command.Amount} VND: {command.Reason}", now);
        await WriteAsync();
        logger.LogInformation("Payment {PaymentId} refund of {Amount} VND recorded", PaymentId, command.Amount);
        await TryAdvanceAsync();
        return View();
    }

    public async Task<PaymentView> QueryGatewayAsync(QueryGatewayStatus command)
    {
        EnsureExists();
        if (AskedProvider() is not null && State.Status is PaymentStatuses.Pending or PaymentStatuses.Processing)
        {
            await QueryProviderAsync(command.Actor);
        }

        await TryAdvanceAsync();
        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!State.Exists)
        {
            await UnregisterAsync(reminderName);
            return;
        }

        switch (reminderName)
        {
            case ExpiryReminder:
                if (AskedProvider() is not null && State.Status == PaymentStatuses.Pending && time.GetUtcNow() >= State.ExpiresAt
                    && State.StatusQuery.NextAttemptAt is null)
                {
                    // Money may have arrived without its notification: ask before expiring.
                    await QueryProviderAsync(Actor.System);
                }
                else if (await ExpireIfDueAsync())
                {
                    await TryAdvanceAsync();
                }

                if (State.Status != PaymentStatuses.Pending || State.StatusQuery.NextAttemptAt is not null)
                {
                    await UnregisterAsync(ExpiryReminder);
                }

                break;
            case StatusQueryReminder:
                if (State.Status is not (PaymentStatuses.Pending or PaymentStatuses.Processing) || State.StatusQuery.NextAttemptAt is null)
                {
                    await UnregisterAsync(StatusQueryReminder);
                }
                else if (time.GetUtcNow() >= State.StatusQuery.NextAttemptAt.Value - TimeSpan.FromSeconds(5))
                {
                    await QueryProviderAsync(Actor.System);
                }

                break;
            case SagaReminder:
                await AdvanceAsync();
                if (!HasSagaWork() && !State.SagaReminder)
                {
                    // Registered by an attempt whose write did not land: nothing left for it to do.
                    await UnregisterAsync(SagaReminder);
                }

                break;
        }
    }

    /// <summary>Runs the saga as far as it goes now; a failure is logged and left to the reminder.</summary>
    private async Task TryAdvanceAsync()
    {
        try
        {
            await AdvanceAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Payment {PaymentId}: saga not finished ({Status}); the saga reminder will retry", PaymentId, State.Status);
        }
    }

    /// <summary>Every step whose turn it is, in order. Each calls one grain (idempotently), then writes its result.</summary>
    private async Task AdvanceAsync()
    {
        try
        {
            await AdvanceWalletAsync();
            await AdvanceSuccessAsync();
            await AdvanceCancelPendingAsync();
            await AdvanceRefundsAsync();
            await AdvanceReleaseAsync();
            await AdvanceDossierStatusAsync();
            await AdvanceWatchlistAsync();
            if (!HasSagaWork() && State.SagaReminder)
            {
                // Removed after the write that finished the saga, and the flag is not written back (a write fewer per
                // payment): see OnActivateAsync for how a stored flag without saga work is read.
                await UnregisterSagaReminderAsync();
                State.SagaReminder = false;
            }
        }
        catch (Exception ex) when (ex is not DomainException)
        {
            // Treat it as a crash: whatever this activation holds in memory beyond its last write is dropped.
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task AdvanceWalletAsync()
    {
        if (State.Method != PaymentMethods.Wallet)
        {
            return;
        }

        var wallet = Wallet();
        if (PaymentSagaPlan.WalletHoldDue(State))
        {
            if (await ExpireIfDueAsync())
            {
                return;
            }

            faults.BeforeStep(PaymentId, PaymentSagaStep.WalletHold);
            WalletHoldView hold;
            try
            {
                hold = await wallet.HoldAsync(new HoldWalletFunds(PaymentId, State.Amount));
            }
            catch (DomainException ex) when (ex.Code == PaymentErrorCodes.InsufficientFunds)
            {
                Transition(PaymentAction.Fail, Actor.System, ex.Detail, time.GetUtcNow());
                State.FailureReason = ex.Detail;
                State.Wallet.ReleaseRequested = true; // leaves a released mark, so a late duplicate of the hold cannot take money
                await WriteAsync();
                return;
            }

            if (hold.Status == WalletHoldStatuses.Released)
            {
                Transition(PaymentAction.Fail, Actor.System, "the wallet hold was released", time.GetUtcNow());
                State.FailureReason = "the wallet hold was released";
                await WriteAsync();
                return;
            }

            State.Wallet.HoldPlaced = true;
            Transition(PaymentAction.Process, Actor.System, $"{State.Amount} VND held in the wallet", time.GetUtcNow());
            await WriteAsync();
        }

        if (PaymentSagaPlan.WalletCaptureDue(State))
        {
            faults.BeforeStep(PaymentId, PaymentSagaStep.WalletCapture);
            await wallet.CaptureAsync(PaymentId);
            var now = time.GetUtcNow();
            State.Wallet.Captured = true;
            State.SucceededAt = now;
            Transition(PaymentAction.Succeed, Actor.System, $"{State.Amount} VND captured from the wallet", now);
            await WriteAsync();
            logger.LogInformation("Payment {PaymentId} succeeded: wallet {Amount} VND", PaymentId, State.Amount);
        }
    }

    private async Task AdvanceSuccessAsync()
    {
        if (!PaymentSagaPlan.SuccessStepsDue(State))
        {
            return;
        }

        // The dossier, ledger and receipt steps are written together, once: each is idempotent at the grain it calls
        // (by payment id, entry id and payment id, with the same answer every time), so after a crash before the write
        // the saga reminder repeats them and gets the same results. The success itself was written before.
        var succeededAt = State.SucceededAt ?? State.CreatedAt;
        var progressed = false;
        if (State.DossierOutcome is null)
        {
            faults.BeforeStep(PaymentId, PaymentSagaStep.Dossier);
            var result = await GrainFactory.GetGrain<IDossierGrain>(State.DossierCode).RecordPaymentSucceededAsync(
                new RecordPaymentSucceeded(PaymentId, State.Amount, State.FeeItemIds, succeededAt));
            var outcome = result.Outcome;
            State.DossierRecorded = true;
            State.DossierOutcome = outcome == PaymentRecordOutcome.Applied ? DossierOutcomes.Applied : DossierOutcomes.Duplicate;
            State.PendingToCancel = [.. result.PendingToCancel];
            if (outcome == PaymentRecordOutcome.Duplicate)
            {
                // One fee is paid once: this payment gives everything back, by itself. Its journal entry (below)
                // sends the money straight to refunds payable instead of revenue.
                var now = time.GetUtcNow();
                State.Refunds.Add(new RefundState
                {
                    Id = "automatic",
                    Amount = State.Amount,
                    Reason = "the fee items were already paid by another payment",
                    Automatic = true,
                    At = now,
                    Payee = PaymentJournal.Payee(State),
                    LedgerPosted = true,
                    ProviderTransactionId = State.ProviderReference,
                });
                Transition(PaymentAction.RefundInFull, Actor.System, "automatic: the fee items were already paid by another payment", now);
                logger.LogWarning("Payment {PaymentId} paid fee items of dossier {DossierCode} that were already paid: refunded in full",
                    PaymentId, State.DossierCode);
            }

            progressed = true;
        }

        if (!State.LedgerPosted)
        {
            faults.BeforeStep(PaymentId, PaymentSagaStep.Ledger);
            // Reconciliation matches the entry through this row: stored first, so no entry is ever without it.
            await paymentBook.RecordAsync(new PaidPayment(PaymentId, State.Reference, State.ProviderReference, State.Amount));
            await GrainFactory.PostToLedgerAsync(PaymentJournal.Payment(PaymentId, State, succeededAt));
            State.LedgerPosted = true;
            progressed = true;
        }

        if (State.DossierOutcome == DossierOutcomes.Applied && State.ReceiptNumber is null)
        {
            faults.BeforeStep(PaymentId, PaymentSagaStep.Receipt);
            var series = ReceiptSeries.Key(State.AgencyCode, succeededAt.ToVietnam().Year);
            var receipt = await GrainFactory.GetGrain<IReceiptSeriesGrain>(series)
                .IssueAsync(new IssueReceipt(PaymentId, State.Amount, succeededAt));
            State.ReceiptNumber = receipt.Number;
            progressed = true;
        }

        if (progressed)
        {
            await WriteAsync();
        }

    }

    /// <summary>
    /// Cancels the other pending payments of the fee items this one paid (one fee is paid once). A payment that moved on
    /// meanwhile (paid, cancelled by its citizen) refuses, which is as good: a late success of it is a duplicate, refunded.
    /// </summary>
    private async Task AdvanceCancelPendingAsync()
    {
        if (State.PendingToCancel.Count == 0)
        {
            return;
        }

        faults.BeforeStep(PaymentId, PaymentSagaStep.CancelPending);
        await Task.WhenAll(State.PendingToCancel.Select(async other =>
        {
            try
            {
                await GrainFactory.GetGrain<IPaymentGrain>(other).CancelAsync(
                    new CancelPayment($"paid-by:{PaymentId}", Actor.System, $"the fee was paid by payment {PaymentId}"));
            }
            catch (DomainException ex)
            {
                logger.LogInformation("Payment {PaymentId}: {Other} not cancelled ({Code}); a late success of it is refunded", PaymentId, other, ex.Code);
            }
        }));
        State.PendingToCancel = [];
        await WriteAsync();
    }

    /// <summary>Each refund: its journal entry, then its payout by the wallet or the provider (a cash channel pays its own).</summary>
    private async Task AdvanceRefundsAsync()
    {
        foreach (var refund in State.Refunds.Where(r => PaymentSagaPlan.RefundMayRun(State, r)
            && PaymentSagaPlan.RefundStepDue(r, gateways.IsConfigured)))
        {
            if (!refund.LedgerPosted)
            {
                faults.BeforeStep(PaymentId, PaymentSagaStep.RefundLedger);
                await GrainFactory.PostToLedgerAsync(PaymentJournal.Refund(PaymentId, State, refund));
                refund.LedgerPosted = true;
                await WriteAsync();
            }

            if (refund.PaidOut)
            {
                continue;
            }

            if (refund.Payee == LedgerAccounts.WalletPayee)
            {
                faults.BeforeStep(PaymentId, PaymentSagaStep.RefundPayout);
                await Wallet().CreditRefundAsync(new CreditWalletRefund(RefundRules.OperationKey(PaymentId, refund), PaymentId, refund.Amount));
                refund.PaidOut = true;
                State.RefundDue = RefundRules.RefundOwed(State);
                await WriteAsync();
            }
            else if (RefundRules.PaidByProvider(refund) && gateways.IsConfigured(refund.Payee))
            {
                await PayOutAtProviderAsync(refund);
            }
        }
    }

    /// <summary>
    /// Asks the provider to pay the refund back, with the refund's own idempotency key, then posts the payout. A failure,
    /// whether the provider refused or its answer was lost, is recorded and left to the saga reminder, whose next attempt
    /// with the same key gets the provider's first answer: never guessed, never paid twice.
    /// </summary>
    private async Task PayOutAtProviderAsync(RefundState refund)
    {
        faults.BeforeStep(PaymentId, PaymentSagaStep.RefundPayout);
        var now = time.GetUtcNow();
        refund.PayoutAttempts++;
        GatewayRefund done;
        try
        {
            done = await gateways.RefundAsync(refund.Payee, refund.ProviderTransactionId ?? State.ProviderReference ?? PaymentId, PaymentId,
                refund.Amount, VietQrCodec.FoldToAscii(refund.Reason), RefundRules.OperationKey(PaymentId, refund));
        }
        catch (GatewayException ex)
        {
            refund.PayoutError = ex.StatusCode is { } code ? $"{ex.Failure} (HTTP {(int)code})" : ex.Failure.ToString();
            await WriteAsync();
            logger.LogWarning("Payment {PaymentId}: {Provider} refund {RefundId} of {Amount} VND not paid back yet, attempt {Attempt} ({Failure}); the saga retries it",
                PaymentId, refund.Payee, refund.Id, refund.Amount, refund.PayoutAttempts, refund.PayoutError);
            return;
        }

        refund.ProviderRefundId = done.RefundId;
        await GrainFactory.PostToLedgerAsync(PaymentJournal.ProviderPayout(PaymentId, refund, now));
        refund.PaidOut = true;
        refund.PayoutError = null;
        State.RefundDue = RefundRules.RefundOwed(State);
        PaymentHistory.Record(State, refund.Unapplied ? "payment.money_returned" : "payment.refund_paid_out", Actor.System, null, null,
            $"{refund.Amount} VND paid back by {refund.Payee} (refund {done.RefundId})", now);
        await WriteAsync();
        logger.LogInformation("Payment {PaymentId}: {Provider} paid back {Amount} VND (refund {ProviderRefundId})",
            PaymentId, refund.Payee, refund.Amount, done.RefundId);
    }

    private async Task AdvanceReleaseAsync()
    {
        if (PaymentSagaPlan.WalletReleaseDue(State))
        {
            faults.BeforeStep(PaymentId, PaymentSagaStep.WalletRelease);
            await Wallet().ReleaseAsync(PaymentId);
            State.Wallet.Released = true;
            await WriteAsync();
        }
    }

    private bool HasSagaWork() => PaymentSagaPlan.HasWork(State, AskedProvider() is not null, gateways.IsConfigured);

    private async Task AdvanceDossierStatusAsync()
    {
        if (PaymentSagaPlan.DossierStatusToSync(State) is not { } change)
        {
            return;
        }

        faults.BeforeStep(PaymentId, PaymentSagaStep.DossierStatus);
        await GrainFactory.GetGrain<IDossierGrain>(State.DossierCode).RecordPaymentStatusAsync(
            new RecordPaymentStatus(PaymentId, State.Status, change.Sequence, RefundRules.RefundedAmount(State), change.Detail, change.At));
        State.DossierSyncedSequence = change.Sequence;
        await WriteAsync();
    }

    private async Task AdvanceWatchlistAsync()
    {
        if (!PaymentSagaPlan.WatchlistOutOfDate(State, AskedProvider() is not null))
        {
            return;
        }

        var watchlist = GrainFactory.GetGrain<IPaymentWatchlistGrain>(PaymentWatchlists.Processing);
        if (State.Watchlisted)
        {
            await watchlist.RemoveAsync(PaymentId);
            State.Watchlisted = false;
        }
        else
        {
            await watchlist.AddAsync(new WatchedPayment(PaymentId, State.DossierCode, State.Method, State.Amount, State.Reference,
                State.Events.FindLast(e => e.To == PaymentStatuses.Processing)?.At ?? time.GetUtcNow()));
            State.Watchlisted = true;
        }

        await WriteAsync();
    }

    /// <summary>
    /// Asks the provider what became of this payment and applies a known answer; an unknown one leaves (or puts) the
    /// payment in processing and schedules the next query. Never guesses.
    /// </summary>
    private async Task QueryProviderAsync(Actor actor)
    {
        var provider = AskedProvider()!;
        var reference = provider == GatewayProviders.Bank ? State.Reference : PaymentId;
        var now = time.GetUtcNow();
        State.StatusQuery.Attempts++;
        State.StatusQuery.LastAttemptAt = now;
        IReadOnlyList<GatewayPayment> found;
        try
        {
            found = await gateways.QueryAsync(provider, reference);
        }
        catch (GatewayException ex)
        {
            State.StatusQuery.LastError = ex.StatusCode is { } code ? $"{ex.Failure} (HTTP {(int)code})" : ex.Failure.ToString();
            if (State.Status == PaymentStatuses.Pending && now >= State.ExpiresAt)
            {
                Transition(PaymentAction.Process, actor,
                    $"lifetime over, but {provider} could not say whether it was paid ({State.StatusQuery.LastError}); asking again later", now);
            }

            var delay = options.Value.StatusQueryDelay(State.StatusQuery.Attempts);
            await this.RegisterOrUpdateReminder(StatusQueryReminder, delay, delay);
            State.StatusQuery.NextAttemptAt = now + delay;
            await WriteAsync();
            logger.LogWarning("Payment {PaymentId}: status query {Attempt} to {Provider} failed ({Failure}); next in {Delay}",
                PaymentId, State.StatusQuery.Attempts, provider, State.StatusQuery.LastError, delay);
            await TryAdvanceAsync();
            return;
        }

        State.StatusQuery.LastError = null;
        State.StatusQuery.NextAttemptAt = null;
        var (paid, others) = GatewayOutcomePolicy.Classify(found, State.Amount);
        foreach (var other in others.Where(p => !State.Notices.ContainsKey(QueryNoticeId(p))))
        {
            var reason = other.Amount != State.Amount ? $"{other.Amount} VND received, but {State.Amount} VND is due" : "another transfer for the same payment";
            State.Notices[QueryNoticeId(other)] = new GatewayNoticeState(provider, GatewayOutcomeKinds.Succeeded, other.TransactionId,
                other.Amount, other.PaidAt ?? now, now, GatewayDispositions.RecordedNotApplied, reason);
            PaymentHistory.AddReturn(State, provider, other.TransactionId, other.Amount, reason, now);
        }

        if (paid is not null && !State.Notices.ContainsKey(QueryNoticeId(paid)))
        {
            Transition(PaymentAction.Succeed, actor, $"{provider} transaction {paid.TransactionId}, found by a status query", now);
            State.Provider = provider;
            State.ProviderReference = paid.TransactionId;
            State.SucceededAt = GatewayOutcomePolicy.PaidAt(paid.PaidAt, now);
            State.Notices[QueryNoticeId(paid)] = new GatewayNoticeState(provider, GatewayOutcomeKinds.Succeeded, paid.TransactionId,
                paid.Amount, paid.PaidAt ?? now, now, GatewayDispositions.Applied, null);
            logger.LogInformation("Payment {PaymentId} succeeded: {Provider} transaction {TransactionId} found by a status query",
                PaymentId, provider, paid.TransactionId);
        }
        else if (found.Count > 0 && found.All(p => p.Status == GatewayPaymentStatus.Failed))
        {
            Transition(PaymentAction.Fail, actor, $"{provider} reports the payment failed", now);
            State.Provider = provider;
            State.FailureReason = $"{provider} reported a failure";
        }
        else if (now >= State.ExpiresAt)
        {
            Transition(PaymentAction.Expire, actor, $"{provider} reports nothing paid", now);
            logger.LogInformation("Payment {PaymentId} expired: {Provider} reports nothing paid", PaymentId, provider);
        }

        await WriteAsync();
        await UnregisterAsync(StatusQueryReminder);
        await TryAdvanceAsync();
    }

    private static string QueryNoticeId(GatewayPayment payment) => $"query:{payment.Provider}:{payment.TransactionId}";

    /// <summary>Opens the e-wallet order the citizen pays at (idempotent at the provider by payment id); a failure leaves it to a retry.</summary>
    private async Task TryOpenCheckoutAsync()
    {
        if (State.Method is not (PaymentMethods.ViettelPay or PaymentMethods.VnptPay) || State.CheckoutUrl is not null
            || State.Status != PaymentStatuses.Pending || AskedProvider() is not { } provider)
        {
            return;
        }

        var description = VietQrCodec.FoldToAscii($"Le phi ho so {State.DossierCode}");
        try
        {
            var order = await gateways.OpenCheckoutAsync(provider, PaymentId, State.Amount, description);
            State.CheckoutUrl = order.RedirectUrl?.AbsoluteUri;
            Record("payment.checkout_opened", Actor.System, null, null, $"{provider} order {order.TransactionId}", time.GetUtcNow());
            await WriteAsync();
        }
        catch (GatewayException ex)
        {
            // The order may or may not exist; the provider deduplicates by order id, so the next attempt is safe.
            logger.LogWarning("Payment {PaymentId}: {Provider} did not open the order ({Failure}); a retry of the creation tries again",
                PaymentId, provider, ex.Failure);
        }
    }

    /// <summary>Expires a pending payment past its lifetime; true if it did (a wallet hold is then to be released).</summary>
    private async Task<bool> ExpireIfDueAsync()
    {
        var now = time.GetUtcNow();
        if (State.Status != PaymentStatuses.Pending || now < State.ExpiresAt || AskedProvider() is not null)
        {
            // A gateway payment is expired only after its provider says nothing was paid (expiry reminder, status query).
            return false;
        }

        if (State.Wallet.HoldRequested)
        {
            State.Wallet.ReleaseRequested = true;
            await EnsureSagaReminderAsync();
        }

        Transition(PaymentAction.Expire, Actor.System, null, now);
        await WriteAsync();
        logger.LogInformation("Payment {PaymentId} expired", PaymentId);
        return true;
    }

    /// <summary>The provider asked about this payment's outcome, when one is configured; null for cash and wallet payments.</summary>
    private string? AskedProvider() => PaymentJournal.ExpectedProvider(State.Method) is { } provider && gateways.IsConfigured(provider) ? provider : null;

    private IWalletGrain Wallet() => GrainFactory.GetGrain<IWalletGrain>(
        State.CitizenId ?? throw new InvalidOperationException($"Payment {PaymentId} has no citizen id."));

    private void Transition(PaymentAction action, Actor actor, string? detail, DateTimeOffset at)
    {
        PaymentHistory.Move(State, action, actor, detail, at);
        Diagnostics.GrainMetrics.PaymentTransitioned(State);
    }

    private async Task EnsureSagaReminderAsync()
    {
        if (!State.SagaReminder)
        {
            sagaReminder = await this.RegisterOrUpdateReminder(SagaReminder, options.Value.SagaRetryPeriod, options.Value.SagaRetryPeriod);
            State.SagaReminder = true;
        }
    }

    /// <summary>Removes the saga reminder, with the handle this activation registered if it has one (no lookup then).</summary>
    private async Task UnregisterSagaReminderAsync()
    {
        if (sagaReminder is { } registered)
        {
            sagaReminder = null;
            try
            {
                await this.UnregisterReminder(registered);
                return;
            }
            catch (Exception ex) when (ex is not DomainException)
            {
                // Changed since (another activation's registration): look it up instead.
                logger.LogDebug(ex, "Payment {PaymentId}: saga reminder handle stale; looking it up", PaymentId);
            }
        }

        await UnregisterAsync(SagaReminder);
    }

    private async Task UnregisterAsync(string reminderName)
    {
        if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task WriteAsync()
    {
        // Registered before the write that leaves work for the saga, so a crash right after it is still finished.
        if (!State.SagaReminder && HasSagaWork())
        {
            await EnsureSagaReminderAsync();
        }

        MotCua.Grains.Events.SourceEvents.EmitPayment(State, PaymentId);
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

    private async Task<string> ClaimReferenceAsync()
    {
        for (var attempt = 0; attempt < MaxReferenceAttempts; attempt++)
        {
            var candidate = PaymentIds.Reference(PaymentId, attempt);
            if (await GrainFactory.GetGrain<IPaymentReferenceGrain>(candidate).ClaimAsync(PaymentId))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No free payment reference after {MaxReferenceAttempts} attempts for {PaymentId}.");
    }

    private static List<FeeLineState> FeeLines(DossierView dossier, PaymentTerms terms)
    {
        var lines = new List<FeeLineState>();
        foreach (var id in terms.FeeItemIds)
        {
            var item = dossier.Fees.FirstOrDefault(f => f.Id == id)
                ?? throw new InvalidOperationException($"Dossier {terms.DossierCode} lists no fee item {id}.");
            lines.Add(new FeeLineState(item.Id, item.Kind, item.Name, item.Amount));
        }

        if (lines.Aggregate(0L, (sum, l) => checked(sum + l.Amount)) != terms.Amount)
        {
            throw new InvalidOperationException($"Dossier {terms.DossierCode}: the fee items do not add up to the {terms.Amount} VND asked.");
        }

        return lines;
    }

    private VietQrState MakeVietQr(CollectionAccount account, string dossierCode, IReadOnlyList<FeeLineState> lines)
    {
        var purpose = VietQrCodec.FoldToAscii(lines.Count > 0 ? $"{dossierCode} {lines[0].Name}" : dossierCode);
        var payload = VietQrCodec.Encode(new VietQrRequest(account.BankBin, account.AccountNumber, VietQrService.AccountTransfer,
            State.Amount, State.Reference, purpose));
        return new VietQrState(payload, account.BankBin, State.Reference, purpose);
    }

    private void Record(string type, Actor actor, string? from, string? to, string? detail, DateTimeOffset at) =>
        PaymentHistory.Record(State, type, actor, from, to, detail, at);

    private void EnsureExists()
    {
        if (!State.Exists)
        {
            throw DomainException.NotFound("Payment", PaymentId);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private PaymentView View() => PaymentViews.Of(PaymentId, State, !HasSagaWork());

}
