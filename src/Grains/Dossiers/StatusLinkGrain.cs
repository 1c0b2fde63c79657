using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Dossiers;

namespace MotCua.Grains.Dossiers;

/// <summary>A dossier's status-link generation: moved on when an officer revokes the printed slip and reissues it.</summary>
[GrainType("status-link")]
public sealed class StatusLinkGrain(
    [PersistentState(StateNames.StatusLink, StorageNames.Default)] IPersistentState<StatusLinkState> store)
    : Grain, IStatusLinkGrain
{
    public Task<int> GetGenerationAsync() => Task.FromResult(store.State.Generation);

    public async Task<int> ReissueAsync(string operationId)
    {
        if (store.State.LastOperationId == operationId)
        {
            return store.State.Generation;
        }

        store.State.Generation++;
        store.State.LastOperationId = operationId;
        await store.WriteStateAsync();
        return store.State.Generation;
    }
}

[GenerateSerializer, Alias("motcua.status-link-state")]
public sealed class StatusLinkState
{
    [Id(0)] public int Generation { get; set; }

    [Id(1)] public string? LastOperationId { get; set; }
}
