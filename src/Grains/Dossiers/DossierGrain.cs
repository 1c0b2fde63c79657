using Microsoft.Extensions.Logging;
using MotCua.Grains.Calendar;
using MotCua.Grains.Catalogue;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Dossiers;

/// <summary>One dossier: its lifecycle, its fee items and the payments made for them.</summary>
public sealed class DossierGrain(
    [PersistentState(StateNames.Dossier, StorageNames.Default)] IPersistentState<DossierState> store,
    ProcedureCatalogue catalogue,
    WorkingDayClock clock,
    TimeProvider time,
    ILogger<DossierGrain> logger) : Grain, IDossierGrain
{
    private DossierState State => store.State;

    public async Task<DossierView> FileAsync(FileDossier command)
    {
        if (State.Exists)
        {
            if (State.Events.Count > 0 && State.Events[0].OperationId == command.OperationId)
            {
                return View();
            }

            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.OperationConflict,
                $"Dossier {this.GetPrimaryKeyString()} already exists.");
        }

        var procedure = catalogue.Find(command.ProcedureCode)
            ?? throw DomainException.InvalidField("procedureCode", $"Unknown procedure '{command.ProcedureCode}'.");
        var now = time.GetUtcNow();
        State.Code = this.GetPrimaryKeyString();
        State.Status = DossierStatus.Submitted;
        State.ProcedureCode = procedure.Code;
        State.ProcedureWorkingDays = procedure.WorkingDays;
        State.Applicant = command.Applicant;
        State.AgencyCode = command.AgencyCode;
        State.ReceivingCentre = command.ReceivingCentre;
        State.SubmittedAt = now;
        Record("dossier.submitted", command.Actor, null, DossierStatus.Submitted, null, command.OperationId, now);
        await store.WriteStateAsync();
        logger.LogInformation("Dossier {DossierCode} filed for procedure {ProcedureCode} at {ReceivingCentre}",
            State.Code, procedure.Code, command.ReceivingCentre);
        return View();
    }

    public Task<DossierView> GetAsync()
    {
        EnsureExists();
        return Task.FromResult(View());
    }

    public Task<DossierView> AcceptAsync(DossierActionCommand command) =>
        TransitionAsync(DossierAction.Accept, command, now =>
        {
            State.AcceptedAt = now;
            State.DueAt = clock.AddWorkingDays(now, State.ProcedureWorkingDays);
        });

    public Task<DossierView> RefuseAsync(DossierActionCommand command) => TransitionAsync(DossierAction.Refuse, command);

    public Task<DossierView> ProcessAsync(DossierActionCommand command) => TransitionAsync(DossierAction.Process, command);

    public Task<DossierView> RequestSupplementAsync(DossierActionCommand command) =>
        TransitionAsync(DossierAction.RequestSupplement, command);

    public Task<DossierView> SupplementAsync(DossierActionCommand command) => TransitionAsync(DossierAction.Supplement, command);

    public Task<DossierView> RequestPaymentAsync(RequestPaymentCommand command)
    {
        if (command.Items.Count == 0)
        {
            throw DomainException.InvalidField("items", "At least one fee item is required.");
        }

        return TransitionAsync(DossierAction.RequestPayment, new DossierActionCommand(command.OperationId, command.Actor), _ =>
        {
            var nextId = State.Fees.Count == 0 ? 1 : State.Fees.Max(f => f.Id) + 1;
            foreach (var item in command.Items)
            {
                State.Fees.Add(new FeeItemState { Id = nextId++, Kind = item.Kind, Name = item.Name, Amount = item.Amount });
            }
        });
    }

    public Task<DossierView> WithdrawAsync(DossierActionCommand command) => TransitionAsync(DossierAction.Withdraw, command);

    public Task<DossierView> StopAsync(DossierActionCommand command) => TransitionAsync(DossierAction.Stop, command);

    public Task<DossierView> CompleteAsync(DossierActionCommand command)
    {
        EnsureExists();
        if (!AlreadyApplied(command.OperationId) && State.Fees.Any(f => f.PaidByPaymentId is null))
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.InvalidTransition,
                "The dossier still has unpaid fee items.")
            {
                CurrentStatus = State.Status.ToApiName(),
                AllowedActions = DossierStateMachine.AllowedActions(State.Status),
            };
        }

        return TransitionAsync(DossierAction.Complete, command);
    }

    public Task<DossierView> ReturnAsync(DossierActionCommand command) => TransitionAsync(DossierAction.Return, command);

    public async Task<PaymentTerms> RegisterPaymentAsync(RegisterPayment command)
    {
        EnsureExists();
        var existing = State.Payments.Find(p => p.Id == command.PaymentId);
        if (existing is not null)
        {
            return Terms(existing.Amount, existing.FeeItemIds);
        }

        if (State.Status != DossierStatus.PaymentRequested)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.NothingToPay,
                $"Dossier {State.Code} is not waiting for a payment (status '{State.Status.ToApiName()}').")
            {
                CurrentStatus = State.Status.ToApiName(),
                AllowedActions = DossierStateMachine.AllowedActions(State.Status),
            };
        }

        var unpaid = State.Fees.Where(f => f.PaidByPaymentId is null).ToList();
        if (unpaid.Count == 0)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.NothingToPay,
                $"Dossier {State.Code} has no unpaid fee items.");
        }

        var payment = new DossierPaymentState
        {
            Id = command.PaymentId,
            Method = command.Method,
            Amount = checked(unpaid.Sum(f => f.Amount)),
            Status = PaymentStatuses.Pending,
            CreatedAt = command.At,
            FeeItemIds = [.. unpaid.Select(f => f.Id)],
        };
        State.Payments.Add(payment);
        Record("dossier.payment_created", Actor.System, null, null, $"{payment.Id} ({payment.Method})", null, command.At);
        await store.WriteStateAsync();
        return Terms(payment.Amount, payment.FeeItemIds);
    }

    public async Task<PaymentRecordOutcome> RecordPaymentSucceededAsync(RecordPaymentSucceeded command)
    {
        EnsureExists();
        var payment = State.Payments.Find(p => p.Id == command.PaymentId)
            ?? throw DomainException.NotFound("Payment of this dossier", command.PaymentId);
        if (payment.Status == PaymentStatuses.Succeeded)
        {
            return State.Fees.Any(f => f.PaidByPaymentId == payment.Id) ? PaymentRecordOutcome.Applied : PaymentRecordOutcome.Duplicate;
        }

        payment.Status = PaymentStatuses.Succeeded;
        var items = State.Fees.Where(f => command.FeeItemIds.Contains(f.Id)).ToList();
        PaymentRecordOutcome outcome;
        if (items.Count == 0 || items.Any(f => f.PaidByPaymentId is not null))
        {
            outcome = PaymentRecordOutcome.Duplicate;
            Record("dossier.payment_duplicate", Actor.System, null, null,
                $"{payment.Id}: fee items already paid; the payment is to be refunded", null, command.At);
        }
        else
        {
            outcome = PaymentRecordOutcome.Applied;
            foreach (var item in items)
            {
                item.PaidByPaymentId = payment.Id;
            }

            Record("dossier.payment_succeeded", Actor.System, null, null, payment.Id, null, command.At);
            if (State.Status == DossierStatus.PaymentRequested && State.Fees.All(f => f.PaidByPaymentId is not null))
            {
                var to = DossierStateMachine.Next(State.Status, DossierAction.FeesPaid)!.Value;
                Record("dossier.status_changed", Actor.System, State.Status, to, "all fees paid", null, command.At);
                State.Status = to;
            }
        }

        await store.WriteStateAsync();
        logger.LogInformation("Dossier {DossierCode} recorded payment {PaymentId}: {Outcome}", State.Code, payment.Id, outcome);
        return outcome;
    }

    private async Task<DossierView> TransitionAsync(DossierAction action, DossierActionCommand command, Action<DateTimeOffset>? apply = null)
    {
        EnsureExists();
        if (AlreadyApplied(command.OperationId))
        {
            return View();
        }

        if (command.Actor.Role == Roles.Officer && command.Actor.AgencyCode != State.AgencyCode)
        {
            throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.ForbiddenBinding,
                "This dossier belongs to another agency.");
        }

        var to = DossierStateMachine.Next(State.Status, action)
            ?? throw DomainException.InvalidTransition(action.ToApiName(), State.Status.ToApiName(),
                DossierStateMachine.AllowedActions(State.Status));
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason;
        if (DossierStateMachine.RequiresReason(action) && reason is null)
        {
            throw DomainException.InvalidField("reason", $"A reason is required to {action.ToApiName()} a dossier.");
        }

        var now = time.GetUtcNow();
        apply?.Invoke(now);
        Record("dossier.status_changed", command.Actor, State.Status, to, reason, command.OperationId, now);
        State.Status = to;
        await store.WriteStateAsync();
        logger.LogInformation("Dossier {DossierCode} {Action}: now {Status}", State.Code, action.ToApiName(), to.ToApiName());
        return View();
    }

    private bool AlreadyApplied(string operationId) => State.Events.Exists(e => e.OperationId == operationId);

    private void Record(string type, Actor actor, DossierStatus? from, DossierStatus? to, string? reason, string? operationId,
        DateTimeOffset at)
    {
        var sequence = State.Events.Count == 0 ? 1 : State.Events[^1].Sequence + 1;
        State.Events.Add(new DossierEvent(sequence, type, at, actor, from, to, reason, operationId));
    }

    private void EnsureExists()
    {
        if (!State.Exists)
        {
            throw DomainException.NotFound("Dossier", this.GetPrimaryKeyString());
        }
    }

    private PaymentTerms Terms(long amount, IReadOnlyList<int> feeItemIds) =>
        new(State.Code!, amount, feeItemIds, State.AgencyCode, State.Applicant.FullName, State.ProcedureCode);

    private DossierView View()
    {
        var now = time.GetUtcNow();
        var overdue = State.DueAt is { } due && now > due
            && State.Status is DossierStatus.Accepted or DossierStatus.Processing;
        return new DossierView(
            State.Code!,
            State.Status.ToApiName(),
            (int)State.Status,
            State.ProcedureCode,
            State.Applicant,
            State.AgencyCode,
            State.ReceivingCentre,
            State.SubmittedAt.ToVietnam(),
            State.DueAt?.ToVietnam(),
            overdue,
            [.. State.Fees.Select(f => new FeeItemView(f.Id, f.Kind, f.Name, f.Amount, f.PaidByPaymentId is not null, f.PaidByPaymentId))],
            [.. State.Payments.Select(p => new DossierPaymentView(p.Id, p.Method, p.Amount, p.Status, p.CreatedAt.ToVietnam()))],
            [.. State.Events.Select(e => new HistoryEntryView(e.Sequence, e.Type, e.At.ToVietnam(), e.Actor.Role, e.Actor.KeyId,
                e.From?.ToApiName(), e.To?.ToApiName(), e.Reason))],
            DossierStateMachine.AllowedActions(State.Status));
    }
}
