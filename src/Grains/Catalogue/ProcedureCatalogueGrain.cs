using MotCua.Grains.Interfaces.Catalogue;
using Orleans.Concurrency;

namespace MotCua.Grains.Catalogue;

/// <summary>Read-only catalogue lookups, served on every silo (it holds no state of its own, and no money).</summary>
[StatelessWorker]
[GrainType("procedure-catalogue")]
public sealed class ProcedureCatalogueGrain(ProcedureCatalogue catalogue) : Grain, IProcedureCatalogueGrain
{
    public Task<IReadOnlyList<ProcedureView>> ListAsync() => Task.FromResult(catalogue.All);

    public Task<ProcedureView?> FindAsync(string code) => Task.FromResult(catalogue.Find(code));
}
