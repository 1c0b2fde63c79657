using MotCua.Grains.Interfaces.Idempotency;
using MotCua.Grains.Interfaces.Storage;
using Npgsql;

namespace MotCua.Storage.Postgres;

/// <summary>
/// Idempotency answers in <c>motcua_idempotency</c> (schema 007): one row per key, read by key, replaced only once
/// expired, and swept by expiry in small batches that skip rows another silo's sweeper holds.
/// </summary>
public sealed class PostgresIdempotencyAnswers(NpgsqlDataSource data) : IIdempotencyAnswers
{
    public async Task<IdempotencyAnswer?> FindAsync(string key, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var command = data.CreateCommand("""
            SELECT fingerprint, status, content_type, location, body, completed_at, expires_at
            FROM motcua_idempotency WHERE key = $1 AND expires_at > $2
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var response = new StoredResponse(
            reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetFieldValue<byte[]>(4),
            reader.IsDBNull(3) ? null : reader.GetString(3));
        return new IdempotencyAnswer(
            reader.GetString(0),
            response,
            new DateTimeOffset(reader.GetFieldValue<DateTime>(5), TimeSpan.Zero),
            new DateTimeOffset(reader.GetFieldValue<DateTime>(6), TimeSpan.Zero));
    }

    public async Task SaveAsync(string key, IdempotencyAnswer answer, CancellationToken ct = default)
    {
        await using var command = data.CreateCommand("""
            INSERT INTO motcua_idempotency (key, fingerprint, status, content_type, location, body, completed_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (key) DO UPDATE SET
                fingerprint = excluded.fingerprint, status = excluded.status, content_type = excluded.content_type,
                location = excluded.location, body = excluded.body, completed_at = excluded.completed_at,
                expires_at = excluded.expires_at
            WHERE motcua_idempotency.expires_at <= excluded.completed_at
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = answer.Fingerprint });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = answer.Response.StatusCode });
        command.Parameters.Add(NullableParameters.Text(answer.Response.ContentType));
        command.Parameters.Add(NullableParameters.Text(answer.Response.Location));
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = answer.Response.Body });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = answer.CompletedAt.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = answer.ExpiresAt.UtcDateTime });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<int> SweepAsync(DateTimeOffset now, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = data.CreateCommand("""
            DELETE FROM motcua_idempotency WHERE key IN (
                SELECT key FROM motcua_idempotency WHERE expires_at <= $1
                ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await command.ExecuteNonQueryAsync(ct);
    }
}
