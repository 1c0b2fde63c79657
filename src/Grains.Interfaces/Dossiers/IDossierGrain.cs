using MotCua.Grains.Interfaces.Common;

namespace MotCua.Grains.Interfaces.Dossiers;

/// <summary>
/// One administrative dossier, keyed by its code (<c>{unit}-{yyMMdd}-{nnnn}</c>). Every command carries an
/// operation id; a command already applied returns the current view instead of applying twice.
/// </summary>
public interface IDossierGrain : IGrainWithStringKey
{
    /// <summary>Files the dossier (status submitted).</summary>
    Task<DossierView> FileAsync(FileDossier command);

    /// <summary>The dossier as it is now; <see cref="DomainErrorKind.NotFound"/> if never filed.</summary>
    Task<DossierView> GetAsync();

    /// <summary>An officer accepts the dossier (1→2) and the due date is set from the procedure's working days.</summary>
    Task<DossierView> AcceptAsync(DossierActionCommand command);

    /// <summary>An officer refuses the dossier (1→3); a reason is required.</summary>
    Task<DossierView> RefuseAsync(DossierActionCommand command);

    /// <summary>An officer starts processing (2→4).</summary>
    Task<DossierView> ProcessAsync(DossierActionCommand command);

    /// <summary>An officer asks for a supplement (2/4→5); a reason is required. The working-day clock pauses.</summary>
    Task<DossierView> RequestSupplementAsync(DossierActionCommand command);

    /// <summary>The applicant supplies the supplement (5→4); the due date moves later by the working time paused.</summary>
    Task<DossierView> SupplementAsync(DossierActionCommand command);

    /// <summary>An officer asks for fees or charges (2/4→6); the working-day clock pauses until every fee is paid.</summary>
    Task<DossierView> RequestPaymentAsync(RequestPaymentCommand command);

    /// <summary>The applicant withdraws an open dossier (→7).</summary>
    Task<DossierView> WithdrawAsync(DossierActionCommand command);

    /// <summary>An officer stops processing (4→8); a reason is required.</summary>
    Task<DossierView> StopAsync(DossierActionCommand command);

    /// <summary>An officer marks the result ready (4→9); every fee must be paid.</summary>
    Task<DossierView> CompleteAsync(DossierActionCommand command);

    /// <summary>An officer returns the result to the applicant (9→10).</summary>
    Task<DossierView> ReturnAsync(DossierActionCommand command);

    /// <summary>
    /// An officer apologises and sets a new due date (once): only while the clock runs and the dossier is overdue or due
    /// within one working day; the new date must be later than the current one and in the future.
    /// </summary>
    Task<DossierView> ApologizeAsync(ApologizeCommand command);

    /// <summary>The applicant rates the dossier 1–5 (once), only after the result was returned.</summary>
    Task<DossierView> RateAsync(RateDossierCommand command);

    /// <summary>A payment is being created for the dossier's unpaid fee items; idempotent by payment id.</summary>
    Task<PaymentTerms> RegisterPaymentAsync(RegisterPayment command);

    /// <summary>
    /// A payment of this dossier succeeded; idempotent by payment id. The answer names the other payments of the same
    /// fee items still pending, which the applied payment cancels: one fee is paid once.
    /// </summary>
    Task<PaymentRecordResult> RecordPaymentSucceededAsync(RecordPaymentSucceeded command);

    /// <summary>
    /// Whether the payment may still take money for its fee items: refused with 409 <c>fee_already_paid</c> when another
    /// payment paid one of them, or <c>dossier_not_awaiting_payment</c> when the dossier left <c>payment_requested</c>
    /// (withdrawn, stopped). Changes nothing.
    /// </summary>
    [Orleans.Concurrency.ReadOnly]
    Task CheckPayableAsync(string paymentId);

    /// <summary>
    /// A payment of this dossier moved on other than by succeeding (failed, cancelled, expired, refunded in part or in
    /// full): the dossier lists its new status. Fee items stay as they are. Idempotent and order-proof by the payment's
    /// event sequence: an older status than the one recorded changes nothing.
    /// </summary>
    Task RecordPaymentStatusAsync(RecordPaymentStatus command);
}
