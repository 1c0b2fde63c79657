using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Storage;
using Orleans.Concurrency;

namespace MotCua.Grains.Events;

/// <summary>
/// One shard of an agency's dossier projection (key <c>{agency}/{shard}</c>): each dossier event becomes one row change
/// in <see cref="IStatsBook"/> (<see cref="AgencyStatsRules"/> says which), applied only past the dossier's last sequence,
/// so redelivery changes nothing. Received counts by the month of submission, on time and late by the month the result
/// was ready (Vietnam time); by status counts every dossier seen. Keeps nothing itself: an event is acknowledged once
/// its row is stored.
/// </summary>
[GrainType("agency-stats"), StatelessWorker]
public sealed class AgencyStatsGrain(IStatsBook book, TimeProvider time) : Grain, IAgencyStatsGrain
{
    public async Task ApplyAsync(DomainEvent domainEvent)
    {
        if (AgencyStatsRules.ChangeOf(domainEvent) is { } change)
        {
            var (agency, shard) = Key();
            await book.ApplyDossierAsync(agency, shard, change, time.GetUtcNow());
        }
    }

    public Task<AgencyStatsPart> GetAsync(string month)
    {
        var (agency, shard) = Key();
        return book.GetAgencyPartAsync(agency, shard, month);
    }

    private (string Agency, int Shard) Key()
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        return (key[..slash], int.Parse(key[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
