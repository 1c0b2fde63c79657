using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Payments;

/// <summary>
/// Which saga steps of a payment are still to run, read from its state alone. The grain runs them in this order:
/// wallet hold and capture → dossier, ledger, receipt → refunds (ledger, then payout) → wallet release → the dossier
/// told of a status change → the operators' processing watchlist.
/// </summary>
public static class PaymentSagaPlan
{
    /// <summary>The wallet hold is asked for and not yet answered.</summary>
    public static bool WalletHoldDue(PaymentState s) =>
        s.Method == PaymentMethods.Wallet && s.Status == PaymentStatuses.Pending && s.Wallet.HoldRequested && !s.Wallet.HoldPlaced;

    /// <summary>The held amount is to be captured.</summary>
    public static bool WalletCaptureDue(PaymentState s) =>
        s.Method == PaymentMethods.Wallet && s.Status == PaymentStatuses.Processing && s.Wallet.HoldPlaced && !s.Wallet.Captured;

    /// <summary>Money was taken and the dossier, ledger or receipt step is left.</summary>
    public static bool SuccessStepsDue(PaymentState s) =>
        PaymentStatuses.MoneyReceived(s.Status)
        && (s.DossierOutcome is null || !s.LedgerPosted || (s.DossierOutcome == DossierOutcomes.Applied && s.ReceiptNumber is null));

    /// <summary>
    /// The refund's ledger entry is due, or its payout is: a wallet credit, or a refund by a provider that
    /// <paramref name="providerConfigured"/> (one that is not waits for its settings; the refund stays owed and shown).
    /// </summary>
    public static bool RefundStepDue(RefundState r, Func<string, bool> providerConfigured) =>
        !r.LedgerPosted
        || (!r.PaidOut && (r.Payee == LedgerAccounts.WalletPayee || (RefundRules.PaidByProvider(r) && providerConfigured(r.Payee))));

    /// <summary>A refund of the payment's money runs once the payment's own entry is posted; a return of money it never took, at once.</summary>
    public static bool RefundMayRun(PaymentState s, RefundState r) => r.Unapplied || s.LedgerPosted;

    public static bool WalletReleaseDue(PaymentState s) => s.Wallet.ReleaseRequested && !s.Wallet.Released;

    /// <summary>The status change the dossier has not been told of yet (the success step tells it of a success).</summary>
    public static PaymentEvent? DossierStatusToSync(PaymentState s)
    {
        if (s.Status is PaymentStatuses.Pending or PaymentStatuses.Processing or PaymentStatuses.Succeeded
            || (PaymentStatuses.MoneyReceived(s.Status) && s.DossierOutcome is null))
        {
            return null;
        }

        var last = s.Events.FindLast(e => e.To is not null);
        return last is not null && last.Sequence > s.DossierSyncedSequence ? last : null;
    }

    /// <summary>Whether the operators' list of gateway payments stuck in processing is yet to learn of this one's change.</summary>
    public static bool WatchlistOutOfDate(PaymentState s, bool providerAsked) =>
        (s.Status == PaymentStatuses.Processing && providerAsked) != s.Watchlisted;

    /// <summary>Whether any step is left; while one is, the saga reminder exists.</summary>
    public static bool HasWork(PaymentState s, bool providerAsked, Func<string, bool> providerConfigured) =>
        WalletHoldDue(s) || (s.Method == PaymentMethods.Wallet && s.Status == PaymentStatuses.Processing)
        || SuccessStepsDue(s)
        || s.PendingToCancel.Count > 0
        || s.Refunds.Exists(r => RefundStepDue(r, providerConfigured))
        || WalletReleaseDue(s)
        || DossierStatusToSync(s) is not null
        || WatchlistOutOfDate(s, providerAsked);
}
