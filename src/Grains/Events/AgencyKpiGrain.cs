using MotCua.Grains.Calendar;
using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Storage;
using Orleans.Concurrency;

namespace MotCua.Grains.Events;

/// <summary>
/// One agency's service-quality projection (key: the agency code): each dossier event becomes its row's next version
/// (<see cref="KpiRules.Apply"/>), stored only over the version it was computed from, so a replay or a redelivery
/// changes nothing; each fee payment that succeeded is counted once. Keeps nothing itself.
/// </summary>
[GrainType("agency-kpi"), StatelessWorker]
public sealed class AgencyKpiGrain(IKpiBook book, WorkingDayClock clock) : Grain, IAgencyKpiGrain
{
    /// <summary>A dossier's events come in order from one stream partition; a second writer of one row is a redelivery.</summary>
    private const int MaxAttempts = 8;

    public async Task ApplyAsync(DomainEvent domainEvent)
    {
        if (KpiRules.PaymentOf(domainEvent) is { } payment)
        {
            await book.AddPaymentAsync(payment);
            return;
        }

        if (KpiRules.IsFullRefund(domainEvent))
        {
            await book.MarkRefundedAsync(domainEvent.Subject.PaymentId!);
            return;
        }

        if (domainEvent.Subject.DossierCode is not { } code || !domainEvent.Source.StartsWith("dossier:", StringComparison.Ordinal))
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            var row = await book.GetDossierAsync(code);
            if (KpiRules.Apply(row, domainEvent, clock) is not { } next || await book.SaveDossierAsync(next, row?.LastSequence ?? 0))
            {
                return;
            }

            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"The KPI row of {code} kept changing under event {domainEvent.Id}.");
            }
        }
    }

    public Task<AgencyKpiFigures> GetMonthAsync(string month, DateTimeOffset now) =>
        book.GetMonthAsync(this.GetPrimaryKeyString(), month, KpiRules.OverdueCutoff(month, now));

    public Task<IReadOnlyList<OverdueDossier>> ListOverdueAsync(DateTimeOffset asOf, int limit) =>
        book.ListOverdueAsync(this.GetPrimaryKeyString(), asOf, limit);
}
