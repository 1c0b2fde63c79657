namespace MotCua.Grains.Interfaces.Storage;

/// <summary>
/// The dossier numbers issued per receiving unit and day (<c>motcua_dossier_numbers</c> in durable mode), one row per
/// number with the operation that took it. The unit-day's counter is its highest number, committed with the row, so
/// numbers have no gaps and an operation keeps its number. The unit-day's counter grain is the only writer.
/// </summary>
public interface IDossierNumberBook
{
    /// <summary>
    /// Gives each operation its number of <paramref name="unitDay"/> in one commit: an operation seen before gets its
    /// number back, the others get the next numbers in the order asked, up to <paramref name="max"/>; an operation
    /// past <paramref name="max"/> gets 0 and takes nothing. Results are in the order of <paramref name="operationIds"/>.
    /// </summary>
    Task<IReadOnlyList<int>> AllocateAsync(string unitDay, IReadOnlyList<string> operationIds, int max, CancellationToken ct = default);
}
