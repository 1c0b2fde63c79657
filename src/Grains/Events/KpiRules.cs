using System.Globalization;
using System.Text.RegularExpressions;
using MotCua.Grains.Calendar;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Grains.Events;

/// <summary>
/// What an event means to an agency's service-quality figures (Decision 766/QĐ-TTg), and how those figures are defined.
/// Months are Vietnam months (<c>yyyy-MM</c>).
/// </summary>
public static partial class KpiRules
{
    public const string Early = "early";
    public const string OnTime = "on_time";
    public const string Late = "late";

    private const string Apologized = "dossier.apologized";
    private const string Rated = "dossier.rated";
    private const string Accepted = "accepted";
    private const string Processed = "processed";

    /// <summary>
    /// The dossier's row after <paramref name="domainEvent"/>, or null if the event changes nothing (no dossier or
    /// agency, or a sequence the row has seen). The status and current due date follow the event; the appointment date
    /// (<see cref="KpiDossierRow.PromisedAt"/>) follows the due date until the agency apologises, then stays. The first
    /// acceptance, the first result and the one rating are kept: the result is early (an earlier Vietnam day than the
    /// appointment), on time (by the appointment) or late (after it; a result without an appointment date is on time),
    /// with the working days since acceptance.
    /// </summary>
    public static KpiDossierRow? Apply(KpiDossierRow? row, DomainEvent domainEvent, WorkingDayClock clock)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        ArgumentNullException.ThrowIfNull(clock);
        if (domainEvent.Subject is not { DossierCode: { } code, AgencyCode: { } agency }
            || (row is not null && domainEvent.Sequence <= row.LastSequence))
        {
            return null;
        }

        var at = domainEvent.OccurredAt;
        var subject = domainEvent.Subject;
        var statusChange = domainEvent.Type == EventTypes.DossierStatusChanged;
        var apologized = (row?.Apologized ?? false) || domainEvent.Type == Apologized;
        var promised = apologized ? row?.PromisedAt : subject.DueAt ?? row?.PromisedAt;
        var acceptedAt = row?.AcceptedAt ?? (statusChange && subject.Status == Accepted ? at : null);
        var next = new KpiDossierRow(code, agency, domainEvent.Sequence, subject.Status ?? row?.Status, acceptedAt,
            subject.DueAt ?? row?.DueAt, promised, apologized, row?.FinishedAt, row?.FinishedMonth, row?.Timeliness, row?.LeadDays,
            row?.Rating, row?.RatedMonth);
        if (next.FinishedAt is null && statusChange && subject.Status == Processed)
        {
            next = next with
            {
                FinishedAt = at,
                FinishedMonth = Month(at),
                Timeliness = TimelinessOf(at, promised),
                LeadDays = acceptedAt is { } accepted ? LeadDays(clock.WorkingTimeBetween(accepted, at)) : null,
            };
        }

        if (next.Rating is null && domainEvent.Type == Rated && ScoreOf(subject.Detail) is { } score)
        {
            next = next with { Rating = score, RatedMonth = Month(at) };
        }

        return next;
    }

    /// <summary>
    /// The fee payment a <c>payment.succeeded</c> event counts, or null for any other event and for payments of no dossier
    /// (wallet top-ups). Online is every method but cash at a counter: VietQR, e-wallets and the prepaid wallet.
    /// </summary>
    public static KpiPayment? PaymentOf(DomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        if (domainEvent.Type != EventTypes.PaymentSucceeded
            || domainEvent.Subject is not { PaymentId: { } id, DossierCode: { } code, AgencyCode: { } agency, Method: { } method })
        {
            return null;
        }

        return new KpiPayment(id, agency, code, Month(domainEvent.OccurredAt), method, domainEvent.Subject.Amount ?? 0, IsOnline(method));
    }

    /// <summary>True for a payment event that leaves the payment refunded in full (it no longer counts as a fee paid).</summary>
    public static bool IsFullRefund(DomainEvent domainEvent) =>
        domainEvent.Type == EventTypes.PaymentRefunded && domainEvent.Subject.PaymentId is not null;

    /// <summary>Whether a payment method is non-cash.</summary>
    public static bool IsOnline(string method) => method != PaymentMethods.Cash;

    /// <summary><c>early</c> (an earlier Vietnam day than the appointment), <c>on_time</c> (by it) or <c>late</c>.</summary>
    public static string TimelinessOf(DateTimeOffset finishedAt, DateTimeOffset? promisedAt)
    {
        if (promisedAt is not { } promised)
        {
            return OnTime;
        }

        if (finishedAt > promised)
        {
            return Late;
        }

        return DateOnly.FromDateTime(finishedAt.ToVietnam().DateTime) < DateOnly.FromDateTime(promised.ToVietnam().DateTime) ? Early : OnTime;
    }

    /// <summary>Working time as working days of 8 hours, to two decimals.</summary>
    public static decimal LeadDays(TimeSpan workingTime) =>
        Math.Round((decimal)workingTime.Ticks / WorkingDayClock.WorkingDayLength.Ticks, 2, MidpointRounding.AwayFromZero);

    /// <summary>The score of a <c>dossier.rated</c> event, whose detail is <c>n/5</c> or <c>n/5: comment</c>.</summary>
    public static int? ScoreOf(string? detail) =>
        detail is not null && ScorePattern().Match(detail) is { Success: true } m ? m.Groups[1].Value[0] - '0' : null;

    /// <summary>
    /// Overdue is counted as of the end of the month or now, whichever is earlier: the start of the next Vietnam month.
    /// </summary>
    public static DateTimeOffset OverdueCutoff(string month, DateTimeOffset now)
    {
        var first = DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var end = new DateTimeOffset(first.AddMonths(1).ToDateTime(TimeOnly.MinValue), VietnamTime.Offset);
        return end < now ? end : now;
    }

    /// <summary>The nearest-rank percentile of sorted values (the ⌈p·n⌉-th), as PostgreSQL's <c>percentile_disc</c>; null if none.</summary>
    public static decimal? NearestRank(IReadOnlyList<decimal> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>The Vietnam month of an instant, <c>yyyy-MM</c>.</summary>
    public static string Month(DateTimeOffset at) => at.ToVietnam().ToString("yyyy-MM", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^([1-5])/5(?::|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ScorePattern();
}
