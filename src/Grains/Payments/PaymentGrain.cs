using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Payments;
using Orleans.Runtime;

namespace MotCua.Grains.Payments;

/// <summary>
/// One payment of a dossier's fees. Calls only the dossier (never back into a channel), so grain calls stay acyclic.
/// Success is a saga: the payment's own state first, then the dossier; a reminder finishes the second step if the
/// first call could not.
/// </summary>
public sealed class PaymentGrain(
    [PersistentState(StateNames.Payment, StorageNames.Default)] IPersistentState<PaymentState> store,
    IOptions<PaymentOptions> options,
    TimeProvider time,
    ILogger<PaymentGrain> logger) : Grain, IPaymentGrain, IRemindable
{
    private const string SagaReminder = "payment-saga";
    private const int MaxReferenceAttempts = 16;

    private PaymentState State => store.State;

    public async Task<PaymentView> CreateAsync(CreatePayment command)
    {
        if (State.Exists)
        {
            if (State.CreatedByOperation == command.OperationId)
            {
                return View();
            }

            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.OperationConflict,
                $"Payment {this.GetPrimaryKeyString()} already exists.");
        }

        if (!PaymentMethods.All.Contains(command.Method))
        {
            throw DomainException.InvalidField("method", $"Unknown payment method '{command.Method}'.");
        }

        var paymentId = this.GetPrimaryKeyString();
        var now = time.GetUtcNow();
        // The dossier lists the payment first: it moves no money, and is idempotent by payment id.
        var terms = await GrainFactory.GetGrain<IDossierGrain>(command.DossierCode)
            .RegisterPaymentAsync(new RegisterPayment(paymentId, command.Method, now));
        var reference = await ClaimReferenceAsync(paymentId);

        State.CreatedByOperation = command.OperationId;
        State.DossierCode = terms.DossierCode;
        State.Method = command.Method;
        State.Status = PaymentStatuses.Pending;
        State.Amount = terms.Amount;
        State.FeeItemIds = [.. terms.FeeItemIds];
        State.AgencyCode = terms.AgencyCode;
        State.ApplicantName = terms.ApplicantName;
        State.Reference = reference;
        State.CreatedAt = now;
        State.ExpiresAt = now + options.Value.PendingLifetime;
        Record("payment.created", command.Actor, null, PaymentStatuses.Pending, $"{command.Method} {terms.Amount} VND", now);
        await store.WriteStateAsync();
        logger.LogInformation("Payment {PaymentId} created for dossier {DossierCode}: {Method} {Amount} VND",
            paymentId, terms.DossierCode, command.Method, terms.Amount);
        return View();
    }

    public Task<PaymentView> GetAsync()
    {
        EnsureExists();
        return Task.FromResult(View());
    }

    public async Task<CollectionTerms> GetCollectionTermsAsync()
    {
        EnsureExists();
        await ExpireIfDueAsync();
        return new CollectionTerms(this.GetPrimaryKeyString(), State.Reference, State.DossierCode, State.ApplicantName,
            State.Amount, State.Method, State.Status);
    }

    public async Task<PaymentView> ConfirmCashCollectionAsync(ConfirmCashCollection command)
    {
        EnsureExists();
        if (State.CollectionId == command.CollectionId)
        {
            await FinishSagaAsync();
            return View();
        }

        await ExpireIfDueAsync();
        if (State.Method != PaymentMethods.Cash || State.Status != PaymentStatuses.Pending)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.PaymentNotCollectable,
                State.Method != PaymentMethods.Cash
                    ? $"Payment {this.GetPrimaryKeyString()} is a {State.Method} payment, not cash."
                    : $"Payment {this.GetPrimaryKeyString()} is {State.Status}; only a pending payment can be collected.")
            {
                CurrentStatus = State.Status,
            };
        }

        if (command.Amount != State.Amount)
        {
            throw DomainException.InvalidField("amount", $"The amount due is {State.Amount} VND; {command.Amount} was reported.");
        }

        // The reminder is registered before success is written, so a crash right after the write still finishes the saga.
        await this.RegisterOrUpdateReminder(SagaReminder, options.Value.SagaRetryPeriod, options.Value.SagaRetryPeriod);
        var now = time.GetUtcNow();
        var from = State.Status;
        State.Status = PaymentStatuses.Succeeded;
        State.CollectionId = command.CollectionId;
        State.ChannelId = command.ChannelId;
        State.AgentReceiptNumber = command.ReceiptNumber;
        State.DossierRecorded = false;
        Record("payment.succeeded", command.Actor, from, PaymentStatuses.Succeeded,
            $"cash collected by {command.ChannelId}, receipt {command.ReceiptNumber}", now);
        await store.WriteStateAsync();
        logger.LogInformation("Payment {PaymentId} succeeded: cash {Amount} VND at {ChannelId}",
            this.GetPrimaryKeyString(), State.Amount, command.ChannelId);

        try
        {
            await FinishSagaAsync();
        }
        catch (Exception ex)
        {
            // The money is taken and recorded; the reminder tells the dossier later. The agent's answer stays a success.
            logger.LogWarning(ex, "Payment {PaymentId}: dossier {DossierCode} not yet told; the saga reminder will retry",
                this.GetPrimaryKeyString(), State.DossierCode);
        }

        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == SagaReminder)
        {
            await FinishSagaAsync();
        }
    }

    private async Task FinishSagaAsync()
    {
        if (State.Status == PaymentStatuses.Succeeded && !State.DossierRecorded)
        {
            var outcome = await GrainFactory.GetGrain<IDossierGrain>(State.DossierCode).RecordPaymentSucceededAsync(
                new RecordPaymentSucceeded(this.GetPrimaryKeyString(), State.Amount, State.FeeItemIds, time.GetUtcNow()));
            State.DossierRecorded = true;
            if (outcome == PaymentRecordOutcome.Duplicate)
            {
                State.RefundDue = true;
                Record("payment.refund_due", Actor.System, null, null, "the dossier's fee items were already paid by another payment",
                    time.GetUtcNow());
                logger.LogWarning("Payment {PaymentId} paid fee items of dossier {DossierCode} that were already paid: refund due",
                    this.GetPrimaryKeyString(), State.DossierCode);
            }

            await store.WriteStateAsync();
        }

        if (State.DossierRecorded)
        {
            var reminder = await this.GetReminder(SagaReminder);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }
        }
    }

    private async Task ExpireIfDueAsync()
    {
        if (State.Status == PaymentStatuses.Pending && time.GetUtcNow() >= State.ExpiresAt)
        {
            Record("payment.expired", Actor.System, State.Status, PaymentStatuses.Expired, null, time.GetUtcNow());
            State.Status = PaymentStatuses.Expired;
            await store.WriteStateAsync();
        }
    }

    private async Task<string> ClaimReferenceAsync(string paymentId)
    {
        for (var attempt = 0; attempt < MaxReferenceAttempts; attempt++)
        {
            var candidate = PaymentIds.Reference(paymentId, attempt);
            if (await GrainFactory.GetGrain<IPaymentReferenceGrain>(candidate).ClaimAsync(paymentId))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No free payment reference after {MaxReferenceAttempts} attempts for {paymentId}.");
    }

    private void Record(string type, Actor actor, string? from, string? to, string? detail, DateTimeOffset at)
    {
        var sequence = State.Events.Count == 0 ? 1 : State.Events[^1].Sequence + 1;
        State.Events.Add(new PaymentEvent(sequence, type, at, actor, from, to, detail));
    }

    private void EnsureExists()
    {
        if (!State.Exists)
        {
            throw DomainException.NotFound("Payment", this.GetPrimaryKeyString());
        }
    }

    private PaymentView View() => new(
        this.GetPrimaryKeyString(),
        State.DossierCode,
        State.Method,
        State.Status,
        State.Amount,
        State.Reference,
        State.CreatedAt.ToVietnam(),
        State.ExpiresAt.ToVietnam(),
        State.ChannelId,
        State.AgentReceiptNumber,
        State.RefundDue,
        [.. State.Events.Select(e => new PaymentHistoryEntryView(e.Sequence, e.Type, e.At.ToVietnam(), e.Actor.Role, e.Actor.KeyId,
            e.From, e.To, e.Detail))]);
}
