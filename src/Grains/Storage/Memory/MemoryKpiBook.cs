using MotCua.Grains.Events;
using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Grains.Storage.Memory;

/// <summary>The embedded default's service-quality projection: the same rules as PostgreSQL's, held in this process.</summary>
public sealed class MemoryKpiBook : IKpiBook
{
    private static readonly HashSet<string> ClockRunning = new(StringComparer.Ordinal) { "accepted", "processing" };

    private readonly Lock gate = new();
    private readonly Dictionary<string, KpiDossierRow> dossiers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (KpiPayment Payment, bool Refunded)> payments = new(StringComparer.Ordinal);

    public Task<KpiDossierRow?> GetDossierAsync(string dossierCode, CancellationToken ct = default)
    {
        lock (gate)
        {
            return Task.FromResult(dossiers.GetValueOrDefault(dossierCode));
        }
    }

    public Task<bool> SaveDossierAsync(KpiDossierRow row, long expectedSequence, CancellationToken ct = default)
    {
        lock (gate)
        {
            var held = dossiers.GetValueOrDefault(row.Code)?.LastSequence ?? 0;
            if (held != expectedSequence)
            {
                return Task.FromResult(false);
            }

            dossiers[row.Code] = row;
            return Task.FromResult(true);
        }
    }

    public Task AddPaymentAsync(KpiPayment payment, CancellationToken ct = default)
    {
        lock (gate)
        {
            payments.TryAdd(payment.PaymentId, (payment, false));
        }

        return Task.CompletedTask;
    }

    public Task MarkRefundedAsync(string paymentId, CancellationToken ct = default)
    {
        lock (gate)
        {
            if (payments.TryGetValue(paymentId, out var held))
            {
                payments[paymentId] = (held.Payment, true);
            }
        }

        return Task.CompletedTask;
    }

    public Task<AgencyKpiFigures> GetMonthAsync(string agencyCode, string month, DateTimeOffset overdueCutoff, CancellationToken ct = default)
    {
        lock (gate)
        {
            return Task.FromResult(Figures(agencyCode, month, overdueCutoff));
        }
    }

    public Task<IReadOnlyList<AgencyKpiFigures>> ListMonthAsync(string month, DateTimeOffset overdueCutoff, CancellationToken ct = default)
    {
        lock (gate)
        {
            var agencies = dossiers.Values.Select(d => d.AgencyCode).Concat(payments.Values.Select(p => p.Payment.AgencyCode))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            return Task.FromResult<IReadOnlyList<AgencyKpiFigures>>([.. agencies.Select(a => Figures(a, month, overdueCutoff))
                .Where(f => f.Early + f.OnTime + f.Late + f.OverdueWithApology + f.OverdueWithoutApology + f.PaidCount + f.Ratings.Sum() > 0)]);
        }
    }

    public Task<IReadOnlyList<OverdueDossier>> ListOverdueAsync(string agencyCode, DateTimeOffset overdueCutoff, int limit, CancellationToken ct = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<OverdueDossier>>([.. Overdue(agencyCode, overdueCutoff)
                .OrderBy(d => d.PromisedAt).ThenBy(d => d.Code, StringComparer.Ordinal).Take(limit)
                .Select(d => new OverdueDossier(d.Code, d.Status!, d.PromisedAt!.Value, d.Apologized, d.DueAt))]);
        }
    }

    private IEnumerable<KpiDossierRow> Overdue(string agencyCode, DateTimeOffset cutoff) =>
        dossiers.Values.Where(d => d.AgencyCode == agencyCode && d.Status is { } s && ClockRunning.Contains(s)
            && d.PromisedAt is { } promised && promised < cutoff);

    private AgencyKpiFigures Figures(string agencyCode, string month, DateTimeOffset cutoff)
    {
        var rows = dossiers.Values.Where(d => d.AgencyCode == agencyCode).ToList();
        var finished = rows.Where(d => d.FinishedMonth == month).ToList();
        var overdue = Overdue(agencyCode, cutoff).ToList();
        var paid = payments.Values.Where(p => !p.Refunded && p.Payment.AgencyCode == agencyCode && p.Payment.Month == month)
            .Select(p => p.Payment).ToList();
        var online = paid.Where(p => p.Online).ToList();
        var ratings = rows.Where(d => d.RatedMonth == month && d.Rating is not null).Select(d => d.Rating!.Value).ToList();
        var lead = finished.Where(d => d.LeadDays is not null).Select(d => d.LeadDays!.Value).Order().ToList();
        return new AgencyKpiFigures(agencyCode, month,
            finished.Count(d => d.Timeliness == KpiRules.Early),
            finished.Count(d => d.Timeliness == KpiRules.OnTime),
            finished.Count(d => d.Timeliness == KpiRules.Late),
            overdue.Count(d => d.Apologized),
            overdue.Count(d => !d.Apologized),
            paid.Count, paid.Sum(p => p.Amount), online.Count, online.Sum(p => p.Amount),
            [.. Enumerable.Range(1, 5).Select(score => ratings.Count(r => r == score))],
            lead.Count, KpiRules.NearestRank(lead, 0.5), KpiRules.NearestRank(lead, 0.9));
    }
}
