using Microsoft.Extensions.Logging;
using MotCua.Grains.Calendar;
using MotCua.Grains.Catalogue;
using MotCua.Grains.Events;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Payments;
using Orleans.Runtime;

namespace MotCua.Grains.Dossiers;

/// <summary>
/// One dossier: its lifecycle, its due date on the working-day clock, its fee items and the payments made for them.
/// </summary>
/// <remarks>
/// Every change is one state write with its event(s) in the history. After the write the grain (1) keeps one reminder
/// registered for the due date while the clock runs, so <c>dossier.overdue</c> is recorded when the date passes even if
/// nobody calls, and (2) upserts its summary into the dossier projection (<see cref="IDossierIndex"/>) without making the
/// caller wait for it.
/// </remarks>
public sealed class DossierGrain(
    [OutboxState(StateNames.Dossier, StorageNames.Default)] IPersistentState<DossierState> store,
    ProcedureCatalogue catalogue,
    WorkingDayClock clock,
    IDossierIndex index,
    TimeProvider time,
    ILogger<DossierGrain> logger) : Grain, IDossierGrain, IRemindable
{
    /// <summary>The name of the reminder that marks the dossier overdue.</summary>
    public const string OverdueReminder = "dossier-overdue";

    /// <summary>
    /// The overdue reminder first ticks just after the due date; if that tick is lost (a silo down at the time) the next
    /// one comes this much later. The reminder is removed once the dossier is marked.
    /// </summary>
    public static readonly TimeSpan OverdueReminderPeriod = TimeSpan.FromMinutes(5);

    /// <summary>Overdue means past the due date, so the reminder is due a moment after it.</summary>
    private static readonly TimeSpan ReminderSlack = TimeSpan.FromSeconds(1);

    private const int MaxIndexAttempts = 8;

    private readonly DossierDeadline deadline = new(clock);
    private Task? indexPublishing;
    private bool indexPublishAgain;

    private DossierState State => store.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Re-sending the summary on activation repairs an index update lost with a silo that crashed after the write.
        if (State.Exists)
        {
            PublishToIndex();
        }

        return Task.CompletedTask;
    }

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
        await SaveAsync(now);
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
        ActAsync(DossierAction.Accept, command.OperationId, command.Actor, command.Reason, apply: now =>
        {
            State.AcceptedAt = now;
            State.DueAt = deadline.DueAt(now, State.ProcedureWorkingDays);
        });

    public Task<DossierView> RefuseAsync(DossierActionCommand command) =>
        ActAsync(DossierAction.Refuse, command.OperationId, command.Actor, command.Reason);

    public Task<DossierView> ProcessAsync(DossierActionCommand command) =>
        ActAsync(DossierAction.Process, command.OperationId, command.Actor, command.Reason);

    public Task<DossierView> RequestSupplementAsync(DossierActionCommand command) =>
        ActAsync(DossierAction.RequestSupplement, command.OperationId, command.Actor, command.Reason);

    public Task<DossierView> SupplementAsync(DossierActionCommand command) =>
        ActAsync(DossierAction.Supplement, command.OperationId, command.Actor, command.Reason);

    public Task<DossierView> RequestPaymentAsync(RequestPaymentCommand command)
    {
        if (command.Items.Count == 0)
        {
            throw DomainException.InvalidField("items", "At least one fee item is required.");
        }

        return ActAsync(DossierAction.RequestPayment, command.OperationId, command.Actor, null, apply: _ =>
        {
            var nextId = State.Fees.Count == 0 ? 1 : State.Fees.Max(f => f.Id) + 1;
            foreach (var item in command.Items)
            {
                State.Fees.Add(new FeeItemState { Id = nextId++, Kind = item.Kind, Name = item.Name, Amount = item.Amount });
            }
        });
    }

    public Task<DossierView> WithdrawAsync(DossierActionCommand command) =>
        ActAsync(DossierAction.Withdraw, command.OperationId, command.Actor, command.Reason);

    public Task<DossierView> StopAsync(DossierActionCommand command) =>
        ActAsync(DossierAction.Stop, command.OperationId, command.Actor, command.Reason);

    public Task<DossierView> CompleteAsync(DossierActionCommand command) =>
        ActAsync(DossierAction.Complete, command.OperationId, command.Actor, command.Reason,
            guard: _ => HasUnpaidFees() ? "The dossier still has unpaid fee items." : null);

    public Task<DossierView> ReturnAsync(DossierActionCommand command) =>
        ActAsync(DossierAction.Return, command.OperationId, command.Actor, command.Reason);

    public Task<DossierView> ApologizeAsync(ApologizeCommand command) =>
        ActAsync(DossierAction.Apologize, command.OperationId, command.Actor, command.Reason,
            guard: ApologyRefusal,
            validate: now =>
            {
                if (command.NewDueAt <= State.DueAt!.Value)
                {
                    throw DomainException.InvalidField("dueAt",
                        $"The new due date must be after the current one ({State.DueAt.Value.ToVietnam():yyyy-MM-dd'T'HH:mm:sszzz}).");
                }

                if (command.NewDueAt <= now)
                {
                    throw DomainException.InvalidField("dueAt", "The new due date must be in the future.");
                }
            },
            apply: now =>
            {
                var previous = State.DueAt!.Value;
                State.Apology = new DossierApologyState
                {
                    At = now, Actor = command.Actor, Reason = command.Reason, PreviousDueAt = previous, NewDueAt = command.NewDueAt,
                };
                SetDueAt(command.NewDueAt, now);
                Record("dossier.apologized", command.Actor, null, null, command.Reason, command.OperationId, now, State.DueAt);
            });

    public Task<DossierView> RateAsync(RateDossierCommand command) =>
        ActAsync(DossierAction.Rate, command.OperationId, command.Actor, null,
            guard: _ => State.Rating is null ? null : "The dossier has already been rated.",
            validate: _ =>
            {
                if (command.Score is < DossierLimits.MinScore or > DossierLimits.MaxScore)
                {
                    throw DomainException.InvalidField("score", $"The score must be {DossierLimits.MinScore}–{DossierLimits.MaxScore}.");
                }

                if (command.Comment is { Length: > DossierLimits.MaxCommentLength })
                {
                    throw DomainException.InvalidField("comment", $"The comment must be at most {DossierLimits.MaxCommentLength} characters.");
                }
            },
            apply: now =>
            {
                var comment = string.IsNullOrWhiteSpace(command.Comment) ? null : command.Comment;
                State.Rating = new DossierRatingState { Score = command.Score, Comment = comment, At = now, Actor = command.Actor };
                Record("dossier.rated", command.Actor, null, null,
                    comment is null ? $"{command.Score}/{DossierLimits.MaxScore}" : $"{command.Score}/{DossierLimits.MaxScore}: {comment}",
                    command.OperationId, now);
            });

    public async Task<PaymentTerms> RegisterPaymentAsync(RegisterPayment command)
    {
        EnsureExists();
        var (payment, added) = DossierPayments.Register(State, command, () => AllowedActions(time.GetUtcNow()));
        if (added)
        {
            Record("dossier.payment_created", Actor.System, null, null, $"{payment.Id} ({payment.Method})", null, command.At);
            await SaveAsync(time.GetUtcNow());
        }

        return Terms(payment.Amount, payment.FeeItemIds);
    }

    public Task CheckPayableAsync(string paymentId)
    {
        EnsureExists();
        return DossierPayments.WhyNotPayable(State, paymentId) is { } refusal ? Task.FromException(refusal) : Task.CompletedTask;
    }

    public async Task<PaymentRecordResult> RecordPaymentSucceededAsync(RecordPaymentSucceeded command)
    {
        EnsureExists();
        var before = State.Payments.Find(p => p.Id == command.PaymentId)?.Status;
        var result = DossierPayments.RecordSuccess(State, command.PaymentId, command.FeeItemIds);
        if (before == PaymentStatuses.Succeeded)
        {
            return result;
        }

        var now = time.GetUtcNow();
        if (result.Outcome == PaymentRecordOutcome.Duplicate)
        {
            Record("dossier.payment_duplicate", Actor.System, null, null, State.Status is DossierStatus.Withdrawn or DossierStatus.Stopped
                ? $"{command.PaymentId}: the dossier is {State.Status.ToApiName()}; the payment is to be refunded"
                : $"{command.PaymentId}: fee items already paid; the payment is to be refunded", null, command.At);
        }
        else
        {
            Record("dossier.payment_succeeded", Actor.System, null, null, command.PaymentId, null, command.At);
            if (State.Status == DossierStatus.PaymentRequested && State.Fees.All(f => f.PaidByPaymentId is not null))
            {
                var to = DossierStateMachine.Next(State.Status, DossierAction.FeesPaid)!.Value;
                var movedDueAt = MoveClock(State.Status, to, now);
                Record("dossier.status_changed", Actor.System, State.Status, to, "all fees paid", null, command.At, movedDueAt);
                State.Status = to;
            }
        }

        await SaveAsync(now);
        logger.LogInformation("Dossier {DossierCode} recorded payment {PaymentId}: {Outcome}", State.Code, command.PaymentId, result.Outcome);
        return result;
    }

    public async Task RecordPaymentStatusAsync(RecordPaymentStatus command)
    {
        EnsureExists();
        var payment = State.Payments.Find(p => p.Id == command.PaymentId)
            ?? throw DomainException.NotFound("Payment of this dossier", command.PaymentId);
        if (command.Sequence <= payment.StatusSequence)
        {
            return;
        }

        payment.StatusSequence = command.Sequence;
        payment.RefundedAmount = command.RefundedAmount;
        if (payment.Status == command.Status)
        {
            await SaveAsync(time.GetUtcNow());
            return;
        }

        payment.Status = command.Status;
        var detail = command.Detail is null ? payment.Id : $"{payment.Id}: {command.Detail}";
        Record("dossier.payment_" + command.Status, Actor.System, null, null, detail, null, command.At);
        await SaveAsync(time.GetUtcNow());
        logger.LogInformation("Dossier {DossierCode}: payment {PaymentId} is {PaymentStatus}", State.Code, payment.Id, command.Status);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != OverdueReminder)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (State.Exists && MarkOverdueIfDue(now))
        {
            // The write also removes the reminder: a marked dossier needs none until its due date changes.
            await SaveAsync(now);
            return;
        }

        if (State.Exists && DesiredReminderAt() is { } due)
        {
            // Not yet due (the tick belongs to a due date that has since moved later): aim the reminder at the current one.
            await this.RegisterOrUpdateReminder(OverdueReminder, ReminderDueTime(due, now), OverdueReminderPeriod);
            State.ReminderDueAt = due;
            return;
        }

        State.ReminderDueAt = null;
        await UnregisterOverdueReminderAsync();
    }

    /// <summary>
    /// Applies one action: checks the caller's agency, the transition table, the action's own guard (409) and input (400),
    /// records overdue first if the due date passed unnoticed, then the change and its event, and writes once.
    /// </summary>
    private async Task<DossierView> ActAsync(DossierAction action, string operationId, Actor actor, string? reason,
        Func<DateTimeOffset, string?>? guard = null, Action<DateTimeOffset>? validate = null, Action<DateTimeOffset>? apply = null)
    {
        EnsureExists();
        if (AlreadyApplied(operationId))
        {
            return View();
        }

        EnsureMayAct(actor);
        var now = time.GetUtcNow();
        var from = State.Status;
        var to = DossierStateMachine.Next(from, action)
            ?? throw Refused(action, $"'{action.ToApiName()}' is not allowed while the status is '{from.ToApiName()}'.", now);
        if (guard?.Invoke(now) is { } refusal)
        {
            throw Refused(action, refusal, now);
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason;
        if (DossierStateMachine.RequiresReason(action) && reason is null)
        {
            throw DomainException.InvalidField("reason", $"A reason is required to {action.ToApiName()} a dossier.");
        }

        validate?.Invoke(now);

        // Nothing below throws: the state changes only once every check has passed.
        MarkOverdueIfDue(now);
        apply?.Invoke(now);
        if (to != from)
        {
            var dueAtChanged = action == DossierAction.Accept ? State.DueAt : MoveClock(from, to, now);
            Record("dossier.status_changed", actor, from, to, reason, operationId, now, dueAtChanged);
            State.Status = to;
        }

        await SaveAsync(now);
        logger.LogInformation("Dossier {DossierCode} {Action}: now {Status}", State.Code, action.ToApiName(), to.ToApiName());
        return View();
    }

    /// <summary>
    /// Pauses the working-day clock when the dossier starts waiting for the applicant, and when it stops waiting moves the
    /// due date later by the working time the pause took. Returns the moved due date, or null if it did not move.
    /// </summary>
    private DateTimeOffset? MoveClock(DossierStatus from, DossierStatus to, DateTimeOffset now)
    {
        var wasPaused = DossierStateMachine.PausedStatuses.Contains(from);
        var isPaused = DossierStateMachine.PausedStatuses.Contains(to);
        if (!wasPaused && isPaused)
        {
            State.ClockPausedAt = now;
            return null;
        }

        if (wasPaused && !isPaused && State.ClockPausedAt is { } pausedAt)
        {
            State.ClockPausedAt = null;
            if (State.DueAt is { } due)
            {
                SetDueAt(deadline.AfterPause(due, pausedAt, now), now);
                return State.DueAt;
            }
        }

        return null;
    }

    private void SetDueAt(DateTimeOffset dueAt, DateTimeOffset now)
    {
        State.DueAt = dueAt.ToVietnam();
        if (State.DueAt >= now)
        {
            // A due date ahead again: the next time it passes is a new lateness, marked again.
            State.OverdueMarked = false;
        }
    }

    /// <summary>Records <c>dossier.overdue</c> once the due date has passed while the clock runs; true if it did.</summary>
    private bool MarkOverdueIfDue(DateTimeOffset now)
    {
        if (State.OverdueMarked || !DossierDeadline.IsOverdue(State.Status, State.DueAt, now))
        {
            return false;
        }

        State.OverdueMarked = true;
        Record("dossier.overdue", Actor.System, null, null,
            $"due {State.DueAt!.Value.ToVietnam():yyyy-MM-dd'T'HH:mm:sszzz} has passed", null, now, State.DueAt);
        logger.LogInformation("Dossier {DossierCode} is overdue (due {DueAt})", State.Code, State.DueAt);
        return true;
    }

    private string? ApologyRefusal(DateTimeOffset now)
    {
        if (State.Apology is not null)
        {
            return "The agency has already apologised for this dossier; an apology gives a new due date only once.";
        }

        return deadline.IsApologyDue(State.Status, State.DueAt, now)
            ? null
            : "An apology is possible only once the dossier is overdue or due within one working day.";
    }

    private bool HasUnpaidFees() => State.Fees.Any(f => f.PaidByPaymentId is null);

    /// <summary>The caller actions possible now: the table's for the status, minus those whose guard would refuse.</summary>
    private IReadOnlyList<string> AllowedActions(DateTimeOffset now) =>
        DossierStateMachine.AllowedActions(State.Status, action => action switch
        {
            DossierAction.Complete => !HasUnpaidFees(),
            DossierAction.Apologize => ApologyRefusal(now) is null,
            DossierAction.Rate => State.Rating is null,
            _ => true,
        });

    private DomainException Refused(DossierAction action, string detail, DateTimeOffset now) =>
        new(DomainErrorKind.Conflict, ErrorCodes.InvalidTransition, detail)
        {
            CurrentStatus = State.Status.ToApiName(),
            AllowedActions = AllowedActions(now),
        };

    /// <summary>Non-territorial filing: any centre may receive a dossier, but only officers of its competent agency act on it.</summary>
    private void EnsureMayAct(Actor actor)
    {
        if (actor.Role == Roles.Officer && actor.AgencyCode != State.AgencyCode)
        {
            throw new DomainException(DomainErrorKind.Forbidden, ErrorCodes.ForbiddenBinding,
                "This dossier belongs to another agency.");
        }
    }

    /// <summary>The due date the overdue reminder should be registered for, or null if none is needed.</summary>
    private DateTimeOffset? DesiredReminderAt() =>
        DossierStateMachine.ClockRunningStatuses.Contains(State.Status) && !State.OverdueMarked ? State.DueAt : null;

    private static TimeSpan ReminderDueTime(DateTimeOffset dueAt, DateTimeOffset now) =>
        (dueAt > now ? dueAt - now : TimeSpan.Zero) + ReminderSlack;

    /// <summary>
    /// Writes the state with its new events. The overdue reminder is registered before the write (a reminder for a change
    /// that failed to write only ticks once and finds nothing to do) and removed after it; then the agency index is told.
    /// </summary>
    private async Task SaveAsync(DateTimeOffset now)
    {
        var desired = DesiredReminderAt();
        var unregister = desired is null && State.ReminderDueAt is not null;
        try
        {
            if (desired is { } due && State.ReminderDueAt != due)
            {
                await this.RegisterOrUpdateReminder(OverdueReminder, ReminderDueTime(due, now), OverdueReminderPeriod);
                State.ReminderDueAt = due;
            }

            if (unregister)
            {
                State.ReminderDueAt = null;
            }

            await store.WriteStateAsync();
        }
        catch
        {
            // The in-memory state is ahead of storage: let the next call start again from what was stored.
            DeactivateOnIdle();
            throw;
        }

        if (unregister)
        {
            await UnregisterOverdueReminderAsync();
        }

        PublishToIndex();
    }

    private async Task UnregisterOverdueReminderAsync()
    {
        try
        {
            var reminder = await this.GetReminder(OverdueReminder);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex)
        {
            // Harmless if it stays: its next tick finds nothing to do and tries again.
            logger.LogWarning(ex, "Dossier {DossierCode}: the overdue reminder could not be removed yet", State.Code);
        }
    }

    /// <summary>
    /// Upserts the dossier's summary into the projection without making the caller wait: one upsert at a time per
    /// dossier, always the latest summary, retried with backoff while the activation lives. Rows carry the history
    /// sequence, so the projection ignores any that arrive late or twice.
    /// </summary>
    private void PublishToIndex()
    {
        if (indexPublishing is { IsCompleted: false })
        {
            indexPublishAgain = true;
            return;
        }

        indexPublishing = PublishToIndexAsync();
    }

    private async Task PublishToIndexAsync()
    {
        var failures = 0;
        do
        {
            indexPublishAgain = false;
            var entry = IndexEntry();
            try
            {
                await index.UpsertAsync(entry);
                failures = 0;
            }
            catch (Exception ex)
            {
                if (++failures >= MaxIndexAttempts)
                {
                    logger.LogError(ex, "Dossier {DossierCode}: the dossier projection was not updated after {Attempts} attempts; "
                        + "the next change or activation of the dossier sends it again", entry.Code, failures);
                    return;
                }

                logger.LogWarning(ex, "Dossier {DossierCode}: updating the dossier projection failed, retrying", entry.Code);
                indexPublishAgain = true;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, failures))));
            }
        }
        while (indexPublishAgain);
    }

    private DossierIndexEntry IndexEntry()
    {
        var now = time.GetUtcNow();
        var last = State.Events[^1];
        return new DossierIndexEntry(State.Code!, State.AgencyCode, State.Status, State.DueAt?.ToVietnam(),
            DossierDeadline.IsOverdue(State.Status, State.DueAt, now), last.Sequence, last.At.ToVietnam(), State.ProcedureCode,
            State.ReceivingCentre);
    }

    private bool AlreadyApplied(string operationId) => State.Events.Exists(e => e.OperationId == operationId);

    private void Record(string type, Actor actor, DossierStatus? from, DossierStatus? to, string? reason, string? operationId,
        DateTimeOffset at, DateTimeOffset? dueAt = null)
    {
        var sequence = State.Events.Count == 0 ? 1 : State.Events[^1].Sequence + 1;
        State.Events.Add(new DossierEvent(sequence, type, at, actor, from, to, reason, operationId, dueAt?.ToVietnam()));
        Diagnostics.GrainMetrics.DossierEventRecorded(from, to);
        State.EventOutbox.Emit(DomainEvent.SourceOf("dossier", State.Code!), type, at, new EventSubject
        {
            DossierCode = State.Code,
            AgencyCode = State.AgencyCode,
            CitizenId = State.Applicant.CitizenId,
            From = from?.ToApiName(),
            Status = (to ?? State.Status).ToApiName(),
            DueAt = (dueAt ?? State.DueAt)?.ToVietnam(),
            Detail = reason,
        });
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
            DossierDeadline.IsOverdue(State.Status, State.DueAt, now),
            [.. State.Fees.Select(f => new FeeItemView(f.Id, f.Kind, f.Name, f.Amount, f.PaidByPaymentId is not null, f.PaidByPaymentId))],
            [.. State.Payments.Select(p => new DossierPaymentView(p.Id, p.Method, p.Amount, p.Status, p.CreatedAt.ToVietnam()) { RefundedAmount = p.RefundedAmount })],
            [.. State.Events.Select(e => new HistoryEntryView(e.Sequence, e.Type, e.At.ToVietnam(), e.Actor.Role, e.Actor.KeyId,
                e.From?.ToApiName(), e.To?.ToApiName(), e.Reason, e.Actor.AgencyCode, e.Actor.ChannelId, e.DueAt?.ToVietnam()))],
            AllowedActions(now),
            State.Apology is { } a
                ? new DossierApologyView(a.At.ToVietnam(), a.Actor.KeyId, a.Reason, a.PreviousDueAt.ToVietnam(), a.NewDueAt.ToVietnam())
                : null,
            State.Rating is { } r ? new DossierRatingView(r.Score, r.Comment, r.At.ToVietnam()) : null,
            State.ClockPausedAt?.ToVietnam());
    }
}
