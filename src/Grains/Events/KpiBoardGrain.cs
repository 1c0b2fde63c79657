using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Storage;
using Orleans.Concurrency;

namespace MotCua.Grains.Events;

/// <summary>Every agency's service-quality figures for a month, read from <see cref="IKpiBook"/>.</summary>
[GrainType("kpi-board"), StatelessWorker]
public sealed class KpiBoardGrain(IKpiBook book) : Grain, IKpiBoardGrain
{
    public Task<IReadOnlyList<AgencyKpiFigures>> ListMonthAsync(string month, DateTimeOffset now) =>
        book.ListMonthAsync(month, KpiRules.OverdueCutoff(month, now));
}
