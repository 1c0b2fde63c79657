using MotCua.Grains.Interfaces.Access;
using MotCua.Grains.Interfaces.Storage;
using Npgsql;

namespace MotCua.Storage.Postgres;

/// <summary>
/// The audit log in <c>motcua_audit</c> (schema 007): a batch is one multi-row insert over arrays, skipping ids stored
/// already; queries are an index range on the time (and on the key or target when asked), newest first.
/// </summary>
public sealed class PostgresAuditTrail(NpgsqlDataSource data) : IAuditTrail
{
    private const string AppendSql = """
        INSERT INTO motcua_audit (id, at, key_id, role, method, route, target, status, outcome, trace_id)
        SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                             $8::int[], $9::text[], $10::text[])
        ON CONFLICT (id) DO NOTHING
        """;

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct = default)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var command = data.CreateCommand(AppendSql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. entries.Select(e => e.Id)] });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. entries.Select(e => e.At.UtcDateTime)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.KeyId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Role)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Method)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Route)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. entries.Select(e => e.Target)] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. entries.Select(e => e.Status)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Outcome)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. entries.Select(e => e.TraceId)] });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditTrailQuery query, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        await using var command = data.CreateCommand("""
            SELECT id, at, key_id, role, method, route, target, status, outcome, trace_id FROM motcua_audit
            WHERE at >= $1 AND at < $2
              AND ($3::text IS NULL OR key_id = $3)
              AND ($4::text IS NULL OR outcome = $4)
              AND ($5::text IS NULL OR target = $5)
              AND ($6::timestamptz IS NULL OR (at, id) < ($6, $7))
            ORDER BY at DESC, id DESC
            LIMIT $8
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = query.From.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = query.To.UtcDateTime });
        command.Parameters.Add(NullableParameters.Text(query.KeyId));
        command.Parameters.Add(NullableParameters.Text(query.Outcome));
        command.Parameters.Add(NullableParameters.Text(query.Target));
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = query.Before is { } b ? b.At.UtcDateTime : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz,
        });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = query.Before?.Id ?? Guid.Empty });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.Limit });
        var page = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            page.Add(new AuditEntry(
                reader.GetGuid(0),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(1), TimeSpan.Zero),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt32(7),
                reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return page;
    }
}
