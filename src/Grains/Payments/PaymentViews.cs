using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Interfaces.Wallets;

namespace MotCua.Grains.Payments;

/// <summary>How a payment is shown to its callers: what its state holds, in the API's words and Vietnam time.</summary>
public static class PaymentViews
{
    public static PaymentView Of(string paymentId, PaymentState s, bool sagaCompleted) => new(
        paymentId,
        s.DossierCode,
        s.Method,
        s.Status,
        s.Amount,
        s.Reference,
        s.CreatedAt.ToVietnam(),
        s.ExpiresAt.ToVietnam(),
        s.ChannelId,
        s.AgentReceiptNumber,
        s.RefundDue,
        [.. s.Events.Select(e => new PaymentHistoryEntryView(e.Sequence, e.Type, e.At.ToVietnam(), e.Actor.Role, e.Actor.KeyId,
            e.From, e.To, e.Detail))])
    {
        AgencyCode = s.AgencyCode,
        ReceiptNumber = s.ReceiptNumber,
        RefundedAmount = RefundRules.RefundedAmount(s),
        Refunds = [.. s.Refunds.Select(r => new PaymentRefundView(r.Id, r.Amount, r.Reason, r.Automatic, r.At.ToVietnam(), r.Payee,
            RefundRules.Payout(r))
        {
            Unapplied = r.Unapplied,
            ProviderTransactionId = r.ProviderTransactionId,
            ProviderRefundId = r.ProviderRefundId,
            PayoutError = r.PaidOut ? null : r.PayoutError,
        })],
        VietQr = s.VietQr is { } qr ? new VietQrView(qr.Payload, qr.BankBin, qr.BillNumber, qr.Purpose) : null,
        CitizenId = s.Method == PaymentMethods.Wallet ? s.CitizenId : null,
        Provider = s.Provider,
        ProviderReference = s.ProviderReference,
        FailureReason = s.FailureReason,
        Saga = new PaymentSagaView(
            s.DossierOutcome,
            s.LedgerPosted,
            s.ReceiptNumber is not null,
            !s.Refunds.Exists(r => r.Payee == LedgerAccounts.WalletPayee && !r.PaidOut),
            s.Method != PaymentMethods.Wallet ? null
            : s.Wallet.Released ? WalletHoldStatuses.Released
            : s.Wallet.Captured ? WalletHoldStatuses.Captured
            : s.Wallet.HoldPlaced ? WalletHoldStatuses.Held
            : "requested",
            sagaCompleted),
        UnappliedNotices = [.. s.Notices
            .Where(n => n.Value.Disposition == GatewayDispositions.RecordedNotApplied)
            .Select(n => new GatewayNoticeView(n.Key, n.Value.Provider, n.Value.Outcome, n.Value.ProviderReference, n.Value.Amount,
                n.Value.OccurredAt.ToVietnam(), n.Value.ReceivedAt.ToVietnam(), n.Value.Reason ?? ""))],
        AllowedActions = PaymentStateMachine.AllowedActions(s.Status),
        RedirectUrl = s.Status == PaymentStatuses.Pending ? s.CheckoutUrl : null,
        StatusQuery = s.StatusQuery.Attempts == 0 ? null
            : new StatusQueryView(s.StatusQuery.Attempts, s.StatusQuery.LastAttemptAt?.ToVietnam(), s.StatusQuery.LastError,
                s.StatusQuery.NextAttemptAt?.ToVietnam()),
    };

    /// <summary>What a cash agent needs to collect the payment.</summary>
    public static CollectionTerms Terms(string paymentId, PaymentState s) =>
        new(paymentId, s.Reference, s.DossierCode, s.ApplicantName, s.Amount, s.Method, s.Status);
}
