using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;

namespace MotCua.Grains.Dossiers;

/// <summary>Hands out the daily numbers of one receiving unit; remembers which operation got which number.</summary>
public sealed class DossierCounterGrain(
    [PersistentState(StateNames.DossierCounter, StorageNames.Default)] IPersistentState<DossierCounterState> store)
    : Grain, IDossierCounterGrain
{
    public const int MaxPerDay = 9999;

    public async Task<int> AllocateAsync(string operationId)
    {
        if (store.State.Allocations.TryGetValue(operationId, out var number))
        {
            return number;
        }

        if (store.State.Last >= MaxPerDay)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.DailyCounterExhausted,
                $"Unit-day {this.GetPrimaryKeyString()} has used all {MaxPerDay} dossier numbers.");
        }

        number = ++store.State.Last;
        store.State.Allocations[operationId] = number;
        await store.WriteStateAsync();
        return number;
    }
}

[GenerateSerializer, Alias("motcua.dossier-counter-state")]
public sealed class DossierCounterState
{
    [Id(0)] public int Last { get; set; }
    [Id(1)] public Dictionary<string, int> Allocations { get; set; } = new(StringComparer.Ordinal);
}
