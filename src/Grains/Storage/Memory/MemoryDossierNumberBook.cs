using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Grains.Storage.Memory;

/// <summary>The embedded default's dossier numbers: the same rules as PostgreSQL's, held in this process.</summary>
public sealed class MemoryDossierNumberBook : IDossierNumberBook
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<string, int>> days = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<int>> AllocateAsync(string unitDay, IReadOnlyList<string> operationIds, int max, CancellationToken ct = default)
    {
        var results = new List<int>(operationIds.Count);
        lock (gate)
        {
            if (!days.TryGetValue(unitDay, out var numbers))
            {
                days[unitDay] = numbers = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            foreach (var operationId in operationIds)
            {
                if (!numbers.TryGetValue(operationId, out var number) && numbers.Count < max)
                {
                    number = numbers.Count + 1;
                    numbers[operationId] = number;
                }

                results.Add(number);
            }
        }

        return Task.FromResult<IReadOnlyList<int>>(results);
    }
}
