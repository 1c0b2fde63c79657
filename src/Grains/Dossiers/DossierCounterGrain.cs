using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Storage;
using Orleans.Concurrency;

namespace MotCua.Grains.Dossiers;

/// <summary>
/// Hands out the daily numbers of one receiving unit, the only writer of that unit-day in the number book
/// (<see cref="IDossierNumberBook"/>), which remembers which operation got which number. It keeps no state of its own.
/// Every dossier the unit files that day passes through it, so calls interleave and their numbers go out in one append
/// (<see cref="GroupAppend{TItem,TResult}"/>); a number is returned only once it is stored.
/// </summary>
[Reentrant]
public sealed class DossierCounterGrain : Grain, IDossierCounterGrain
{
    public const int MaxPerDay = 9999;

    private readonly GroupAppend<string, int> appends;

    public DossierCounterGrain(IDossierNumberBook book)
    {
        appends = new GroupAppend<string, int>(batch => book.AllocateAsync(this.GetPrimaryKeyString(), batch, MaxPerDay));
    }

    public async Task<int> AllocateAsync(string operationId)
    {
        var number = await appends.AddAsync(operationId);
        if (number == 0)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.DailyCounterExhausted,
                $"Unit-day {this.GetPrimaryKeyString()} has used all {MaxPerDay} dossier numbers.");
        }

        return number;
    }
}
