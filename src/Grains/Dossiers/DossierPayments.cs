using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Dossiers;

/// <summary>
/// A dossier's side of its payments: which fee items a new payment pays, whether a payment may still take money, and
/// what a success does. One fee is paid once: the first success pays the items, any later one is a duplicate to refund,
/// and so is money for a dossier that was withdrawn or stopped before its fees were paid.
/// </summary>
public static class DossierPayments
{
    /// <summary>
    /// Lists a new payment for every unpaid fee item, or returns the one already listed under that id. Refused while the
    /// dossier does not wait for a payment, or has nothing left to pay.
    /// </summary>
    public static (DossierPaymentState Payment, bool Added) Register(DossierState state, RegisterPayment command, Func<IReadOnlyList<string>> allowedActions)
    {
        if (state.Payments.Find(p => p.Id == command.PaymentId) is { } existing)
        {
            return (existing, false);
        }

        if (state.Status != DossierStatus.PaymentRequested)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.NothingToPay,
                $"Dossier {state.Code} is not waiting for a payment (status '{state.Status.ToApiName()}').")
            {
                CurrentStatus = state.Status.ToApiName(),
                AllowedActions = allowedActions(),
            };
        }

        var unpaid = state.Fees.Where(f => f.PaidByPaymentId is null).ToList();
        if (unpaid.Count == 0)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.NothingToPay, $"Dossier {state.Code} has no unpaid fee items.");
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
        state.Payments.Add(payment);
        return (payment, true);
    }

    /// <summary>Why the payment may not take money now, as the error to answer; null when it may.</summary>
    public static DomainException? WhyNotPayable(DossierState state, string paymentId)
    {
        var payment = state.Payments.Find(p => p.Id == paymentId);
        if (payment is null)
        {
            return DomainException.NotFound("Payment of this dossier", paymentId);
        }

        if (state.Fees.Where(f => payment.FeeItemIds.Contains(f.Id)).FirstOrDefault(f => f.PaidByPaymentId is not null && f.PaidByPaymentId != paymentId)
            is { } paid)
        {
            return new DomainException(DomainErrorKind.Conflict, ErrorCodes.FeeAlreadyPaid,
                $"The fee '{paid.Name}' of dossier {state.Code} is already paid by payment {paid.PaidByPaymentId}; collect nothing for payment {paymentId}.")
            {
                CurrentStatus = state.Status.ToApiName(),
            };
        }

        if (state.Status != DossierStatus.PaymentRequested && !state.Fees.Any(f => f.PaidByPaymentId == paymentId))
        {
            return new DomainException(DomainErrorKind.Conflict, ErrorCodes.DossierNotAwaitingPayment,
                $"Dossier {state.Code} is {state.Status.ToApiName()} and waits for no payment; collect nothing for payment {paymentId}.")
            {
                CurrentStatus = state.Status.ToApiName(),
            };
        }

        return null;
    }

    /// <summary>
    /// Takes a success: the payment pays its fee items if none is paid and the dossier was not withdrawn or stopped,
    /// and is otherwise a duplicate to refund. Answers the same for the same payment every time. The other payments
    /// of those items still pending are named, to be cancelled.
    /// </summary>
    public static PaymentRecordResult RecordSuccess(DossierState state, string paymentId, IReadOnlyList<int> feeItemIds)
    {
        var payment = state.Payments.Find(p => p.Id == paymentId)
            ?? throw DomainException.NotFound("Payment of this dossier", paymentId);
        PaymentRecordOutcome outcome;
        if (payment.Status == PaymentStatuses.Succeeded)
        {
            outcome = state.Fees.Any(f => f.PaidByPaymentId == paymentId) ? PaymentRecordOutcome.Applied : PaymentRecordOutcome.Duplicate;
        }
        else
        {
            payment.Status = PaymentStatuses.Succeeded;
            var items = state.Fees.Where(f => feeItemIds.Contains(f.Id)).ToList();
            outcome = items.Count == 0 || items.Any(f => f.PaidByPaymentId is not null) || state.Status is DossierStatus.Withdrawn or DossierStatus.Stopped
                ? PaymentRecordOutcome.Duplicate
                : PaymentRecordOutcome.Applied;
            if (outcome == PaymentRecordOutcome.Applied)
            {
                items.ForEach(f => f.PaidByPaymentId = paymentId);
            }
        }

        var pending = outcome == PaymentRecordOutcome.Applied
            ? state.Payments.Where(p => p.Id != paymentId && p.Status == PaymentStatuses.Pending && p.FeeItemIds.Intersect(feeItemIds).Any())
                .Select(p => p.Id).ToList()
            : [];
        return new PaymentRecordResult(outcome, pending);
    }

    /// <summary>The payments still pending, to be cancelled when the dossier is withdrawn or stopped.</summary>
    public static IReadOnlyList<string> Pending(DossierState state) =>
        [.. state.Payments.Where(p => p.Status == PaymentStatuses.Pending).Select(p => p.Id)];
}
