namespace MotCua.Grains.Interfaces.Dossiers;

/// <summary>
/// The daily counter of one receiving unit, keyed <c>{unit}-{yyMMdd}</c>: one grain per unit and day, so no
/// single grain sits on every filing in the country.
/// </summary>
public interface IDossierCounterGrain : IGrainWithStringKey
{
    /// <summary>The next number (1–9999) for this unit and day; the same operation id always gets the same number.</summary>
    Task<int> AllocateAsync(string operationId);
}
