using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Storage;
using Orleans.Concurrency;

namespace MotCua.Grains.Dossiers;

/// <summary>
/// Lists one agency's dossiers from the dossier projection (<see cref="IDossierIndex"/>), which the dossier grains
/// upsert after each of their writes. Keeps nothing: a stateless worker on whichever silo takes the call, so lists
/// scale with the silos and never touch the dossiers themselves.
/// </summary>
[StatelessWorker]
public sealed class AgencyDossierIndexGrain(IDossierIndex index, TimeProvider time) : Grain, IAgencyDossierIndexGrain
{
    public Task<DossierIndexPage> QueryAsync(DossierIndexQuery query) =>
        index.QueryAsync(this.GetPrimaryKeyString(), query, time.GetUtcNow());
}
