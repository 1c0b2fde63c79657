using MotCua.Grains.Interfaces.Storage;
using Npgsql;

namespace MotCua.Storage.Postgres;

/// <summary>
/// Dossier numbers in <c>motcua_dossier_numbers</c> (schema 006), allocated in one statement: operations already
/// numbered get their number back, the others are numbered after the unit-day's highest and inserted, up to the cap.
/// </summary>
public sealed class PostgresDossierNumberBook(NpgsqlDataSource data) : IDossierNumberBook
{
    private const string AllocateSql = """
        WITH input AS (
            SELECT * FROM unnest($2::text[]) WITH ORDINALITY AS i(operation_id, ord)
        ), existing AS (
            SELECT n.operation_id, n.number FROM motcua_dossier_numbers n
            JOIN input i ON n.unit_day = $1 AND n.operation_id = i.operation_id
        ), fresh AS (
            SELECT i.operation_id,
                   (SELECT coalesce(max(number), 0) FROM motcua_dossier_numbers WHERE unit_day = $1)
                       + row_number() OVER (ORDER BY i.ord) AS number
            FROM input i
            WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.operation_id = i.operation_id)
        ), inserted AS (
            INSERT INTO motcua_dossier_numbers (unit_day, number, operation_id)
            SELECT $1, number, operation_id FROM fresh WHERE number <= $3
            RETURNING operation_id, number
        )
        SELECT operation_id, number FROM inserted
        UNION ALL
        SELECT operation_id, number FROM existing
        """;

    public async Task<IReadOnlyList<int>> AllocateAsync(string unitDay, IReadOnlyList<string> operationIds, int max, CancellationToken ct = default)
    {
        if (operationIds.Count == 0)
        {
            return [];
        }

        await using var command = data.CreateCommand(AllocateSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = unitDay });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. operationIds.Distinct(StringComparer.Ordinal)] });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                numbers[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        return [.. operationIds.Select(id => numbers.GetValueOrDefault(id))];
    }
}
