using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Storage;
using Orleans.Concurrency;
using Orleans.Serialization;

namespace MotCua.Grains.Dossiers;

/// <summary>
/// Hands out the daily numbers of one receiving unit; remembers which operation got which number. Every dossier the
/// unit files that day passes through it, so calls interleave and their numbers are stored together
/// (<see cref="GroupCommit{T}"/>); a number is returned only once it is stored.
/// </summary>
[Reentrant]
public sealed class DossierCounterGrain : Grain, IDossierCounterGrain
{
    public const int MaxPerDay = 9999;

    private readonly GroupCommit<DossierCounterState> commit;

    public DossierCounterGrain(
        [PersistentState(StateNames.DossierCounter, StorageNames.Default)] IPersistentState<DossierCounterState> store,
        DeepCopier<DossierCounterState> copier)
    {
        commit = new GroupCommit<DossierCounterState>(store, copier, DeactivateOnIdle);
    }

    public async Task<int> AllocateAsync(string operationId)
    {
        var state = commit.State;
        if (state.Allocations.TryGetValue(operationId, out var number))
        {
            await commit.StoredAsync(); // the first call for it may still be waiting for its write

            return number;
        }

        if (state.Last >= MaxPerDay)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.DailyCounterExhausted,
                $"Unit-day {this.GetPrimaryKeyString()} has used all {MaxPerDay} dossier numbers.");
        }

        number = ++state.Last;
        state.Allocations[operationId] = number;
        await commit.CommitAsync();
        return number;
    }
}

[GenerateSerializer, Alias("motcua.dossier-counter-state")]
public sealed class DossierCounterState
{
    [Id(0)] public int Last { get; set; }
    [Id(1)] public Dictionary<string, int> Allocations { get; set; } = new(StringComparer.Ordinal);
}
