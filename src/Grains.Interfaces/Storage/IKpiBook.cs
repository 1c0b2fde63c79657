using MotCua.Grains.Interfaces.Events;

namespace MotCua.Grains.Interfaces.Storage;

/// <summary>
/// The service-quality projection behind <c>/v1/kpi</c> (Decision 766/QĐ-TTg): one row per dossier with what its events
/// said so far, and one row per fee payment that succeeded (tables <c>motcua_kpi_dossiers</c> and <c>motcua_kpi_payments</c>
/// in durable mode). A dossier row is replaced only by a writer that read the sequence it replaces, and a payment is
/// counted once, so redelivered or replayed events change nothing. Month figures are aggregates over an agency's rows.
/// </summary>
public interface IKpiBook
{
    /// <summary>The dossier's row, or null if no event of it was applied yet.</summary>
    Task<KpiDossierRow?> GetDossierAsync(string dossierCode, CancellationToken ct = default);

    /// <summary>
    /// Stores <paramref name="row"/> if the stored row still has <paramref name="expectedSequence"/> (0: there is none yet).
    /// False if another writer got there first (read the row again and retry).
    /// </summary>
    Task<bool> SaveDossierAsync(KpiDossierRow row, long expectedSequence, CancellationToken ct = default);

    /// <summary>Counts a fee payment that succeeded, once per payment id.</summary>
    Task AddPaymentAsync(KpiPayment payment, CancellationToken ct = default);

    /// <summary>Leaves a payment refunded in full out of the figures (no effect on a payment not counted).</summary>
    Task MarkRefundedAsync(string paymentId, CancellationToken ct = default);

    /// <summary>
    /// An agency's figures for a Vietnam month (<c>yyyy-MM</c>). Overdue counts dossiers whose clock runs (accepted,
    /// processing) and whose appointment date (before any apology) is earlier than <paramref name="overdueCutoff"/>.
    /// </summary>
    Task<AgencyKpiFigures> GetMonthAsync(string agencyCode, string month, DateTimeOffset overdueCutoff, CancellationToken ct = default);

    /// <summary>
    /// The figures of every agency with something to count in the month (a result, a rating, a payment, an overdue
    /// dossier), in agency-code order. Agencies with nothing are left out: the caller knows its agencies.
    /// </summary>
    Task<IReadOnlyList<AgencyKpiFigures>> ListMonthAsync(string month, DateTimeOffset overdueCutoff, CancellationToken ct = default);

    /// <summary>An agency's overdue dossiers (as in <see cref="GetMonthAsync"/>), oldest appointment date first.</summary>
    Task<IReadOnlyList<OverdueDossier>> ListOverdueAsync(string agencyCode, DateTimeOffset overdueCutoff, int limit, CancellationToken ct = default);
}

/// <summary>
/// What the events of one dossier said so far. <see cref="PromisedAt"/> is the appointment date before any apology (the
/// due date, moved only by pauses); <see cref="DueAt"/> the current one. <see cref="Timeliness"/> is <c>early</c>,
/// <c>on_time</c> or <c>late</c> for the first result (<c>processed</c>); <see cref="LeadDays"/> the working days from
/// acceptance to that result. Months are Vietnam months, <c>yyyy-MM</c>.
/// </summary>
public sealed record KpiDossierRow(
    string Code,
    string AgencyCode,
    long LastSequence,
    string? Status,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? PromisedAt,
    bool Apologized,
    DateTimeOffset? FinishedAt,
    string? FinishedMonth,
    string? Timeliness,
    decimal? LeadDays,
    int? Rating,
    string? RatedMonth);

/// <summary>A fee payment that succeeded, in the Vietnam month it succeeded; <see cref="Online"/> for any method but cash.</summary>
public sealed record KpiPayment(string PaymentId, string AgencyCode, string DossierCode, string Month, string Method, long Amount, bool Online);
