using System.Globalization;
using MotCua.Grains.Dossiers;
using MotCua.Grains.Events;
using MotCua.Grains.Payments;

namespace MotCua.Bench.Seed;

/// <summary>
/// How the seed turns one real dossier and its payment, read from a database MotCua wrote, into the i-th stored dossier
/// of a bulk load: the same shape and sizes, its own code, payment, reference, receipt and provider transaction, filed
/// on a day of <see cref="Year"/> and paid by VietQR (bank transfer). The first <c>reconcileCount</c> are paid on
/// <see cref="ReconcileDay"/>, so that day holds a provider-day of that many gateway payments.
/// </summary>
public sealed class BulkDossiers(DossierState dossier, PaymentState payment, int reconcileCount)
{
    /// <summary>The year the bulk dossiers were filed and paid in: no receipt series or dossier number of it is issued again.</summary>
    public const int Year = 2025;

    /// <summary>Dossier numbers per receiving unit and day: the code's last part has four digits.</summary>
    public const int PerDay = 4000;

    public const string Provider = "bank";

    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    /// <summary>The provider-day that reconciliation is measured on (Vietnam time).</summary>
    public static readonly DateTimeOffset ReconcileDay = new(Year, 12, 5, 0, 0, 0, Vietnam);

    public string AgencyCode => dossier.AgencyCode;

    public string Unit => dossier.ReceivingCentre;

    public long Amount => payment.Amount;

    public string ReceiptSeries => $"{dossier.AgencyCode}-{Year}";

    public static int MaxCount => 365 * PerDay;

    public BulkDossier Make(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, MaxCount);
        var filed = new DateTimeOffset(Year, 1, 1, 0, 0, 0, Vietnam).AddDays(i / PerDay);
        var unitDay = $"{Unit}-{filed:yyMMdd}";
        var number = i % PerDay + 1;
        var code = $"{unitDay}-{number:0000}";
        var paymentId = $"pay_bulk{i:0000000000000000}";
        var reference = $"Q{i:0000000}";
        var providerReference = $"FT{Year % 100}{i:0000000000}";
        var sequence = i + 1L;
        var receiptNumber = $"{ReceiptSeries}-{sequence:0000000}";
        var paidAt = (i < reconcileCount ? ReconcileDay : filed.AddDays(10)).AddSeconds(60 + i % 86_000);

        // Shift the template's lifecycle to the filing day; the due date stays ahead of today, so no bulk dossier is
        // overdue without being marked (it is listed among the agency's open dossiers, spread over a year of due dates).
        var shift = filed - new DateTimeOffset(dossier.SubmittedAt.ToOffset(Vietnam).Date, Vietnam);
        var due = dossier.DueAt?.AddDays(i % 365);
        var d = new DossierState
        {
            Code = code,
            Status = dossier.Status,
            ProcedureCode = dossier.ProcedureCode,
            Applicant = dossier.Applicant,
            AgencyCode = dossier.AgencyCode,
            ReceivingCentre = dossier.ReceivingCentre,
            SubmittedAt = dossier.SubmittedAt + shift,
            AcceptedAt = dossier.AcceptedAt + shift,
            DueAt = due,
            Fees = [.. dossier.Fees.Select(f => new FeeItemState
            {
                Id = f.Id, Kind = f.Kind, Name = f.Name, Amount = f.Amount, PaidByPaymentId = f.PaidByPaymentId is null ? null : paymentId,
            })],
            Payments = [.. dossier.Payments.Select(p => new DossierPaymentState
            {
                Id = paymentId, Method = "vietqr", Amount = p.Amount, Status = p.Status, CreatedAt = paidAt.AddMinutes(-5),
                FeeItemIds = [.. p.FeeItemIds], StatusSequence = p.StatusSequence, RefundedAmount = p.RefundedAmount,
            })],
            Events = [.. dossier.Events.Select(e => e with { At = e.At + shift, DueAt = e.DueAt is null ? null : due })],
            ProcedureWorkingDays = dossier.ProcedureWorkingDays,
            ClockPausedAt = dossier.ClockPausedAt + shift,
            OverdueMarked = false,
            // No reminder row is loaded with it: the dossier registers its overdue reminder when it is next activated.
            ReminderDueAt = null,
            EventOutbox = new EventOutboxState(),
        };

        var p = new PaymentState
        {
            CreatedByOperation = $"bench-seed:{paymentId}",
            DossierCode = code,
            Method = "vietqr",
            Status = payment.Status,
            Amount = payment.Amount,
            FeeItemIds = [.. payment.FeeItemIds],
            AgencyCode = payment.AgencyCode,
            ApplicantName = payment.ApplicantName,
            Reference = reference,
            CreatedAt = paidAt.AddMinutes(-5),
            ExpiresAt = paidAt.AddMinutes(85),
            DossierRecorded = payment.DossierRecorded,
            Events = [.. payment.Events.Select(e => e with
            {
                At = e.Sequence == 1 ? paidAt.AddMinutes(-5) : paidAt,
                Detail = e.Sequence == 1
                    ? $"vietqr {payment.Amount.ToString(CultureInfo.InvariantCulture)} VND"
                    : $"bank transfer {providerReference}",
            })],
            FeeLines = [.. payment.FeeLines],
            SucceededAt = paidAt,
            Provider = Provider,
            ProviderReference = providerReference,
            DossierOutcome = payment.DossierOutcome,
            LedgerPosted = payment.LedgerPosted,
            ReceiptNumber = receiptNumber,
            DossierSyncedSequence = payment.DossierSyncedSequence,
            EventOutbox = new EventOutboxState(),
        };

        return new BulkDossier(i, code, unitDay, number, paymentId, reference, providerReference, sequence, receiptNumber, paidAt, d, p);
    }
}

public sealed record BulkDossier(
    int Index, string Code, string UnitDay, int Number, string PaymentId, string Reference, string ProviderReference,
    long ReceiptSequence, string ReceiptNumber, DateTimeOffset PaidAt, DossierState Dossier, PaymentState Payment);
