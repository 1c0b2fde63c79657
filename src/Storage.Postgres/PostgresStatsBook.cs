using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Storage;
using Npgsql;

namespace MotCua.Storage.Postgres;

/// <summary>
/// The stats projections in schema 009. A dossier event is one statement: the dossier's row is upserted only for a
/// later sequence, and the shard's counters move only if it was. A succeeded payment is one statement too: its
/// insert-only row is the de-duplication, and the day's counter row per method moves only when that row is new.
/// Month figures are counted from the agency's rows with an index; the day's totals are read from its counter rows.
/// </summary>
public sealed class PostgresStatsBook(NpgsqlDataSource data) : IStatsBook
{
    private const string ApplyDossierSql = """
        WITH applied AS (
            INSERT INTO motcua_agency_dossier_stats AS t
                (code, agency_code, shard, last_sequence, status, submitted_month, finished_month, on_time)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (code) DO UPDATE SET
                last_sequence = excluded.last_sequence,
                status = coalesce(excluded.status, t.status),
                submitted_month = coalesce(t.submitted_month, excluded.submitted_month),
                on_time = CASE WHEN t.finished_month IS NULL AND excluded.finished_month IS NOT NULL THEN excluded.on_time ELSE t.on_time END,
                finished_month = coalesce(t.finished_month, excluded.finished_month)
            WHERE t.last_sequence < excluded.last_sequence
            RETURNING 1
        )
        INSERT INTO motcua_agency_stats_shards AS s (agency_code, shard, last_event_at, updated_at, events_applied)
        SELECT $2, $3, $9, $10, 1 FROM applied
        ON CONFLICT (agency_code, shard) DO UPDATE SET
            last_event_at = greatest(s.last_event_at, excluded.last_event_at),
            updated_at = excluded.updated_at,
            events_applied = s.events_applied + 1
        """;

    private const string ApplyCollectionSql = """
        WITH fresh AS (
            INSERT INTO motcua_channel_day_payments (channel_id, day, payment_id, method, amount)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT DO NOTHING
            RETURNING method, amount
        )
        INSERT INTO motcua_channel_day_totals AS d (channel_id, day, method, count, amount, last_event_at, updated_at)
        SELECT $1, $2, method, 1, amount, $6, $7 FROM fresh
        ON CONFLICT (channel_id, day, method) DO UPDATE SET
            count = d.count + 1,
            amount = d.amount + excluded.amount,
            last_event_at = greatest(d.last_event_at, excluded.last_event_at),
            updated_at = excluded.updated_at
        """;

    public async Task ApplyDossierAsync(string agencyCode, int shard, AgencyDossierChange change, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var command = data.CreateCommand(ApplyDossierSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = change.DossierCode });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = agencyCode });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = shard });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = change.Sequence });
        command.Parameters.Add(NullableParameters.Text(change.Status));
        command.Parameters.Add(NullableParameters.Text(change.SubmittedMonth));
        command.Parameters.Add(NullableParameters.Text(change.FinishedMonth));
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = change.OnTime is { } onTime ? onTime : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Boolean,
        });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = change.OccurredAt.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<AgencyStatsPart> GetAgencyPartAsync(string agencyCode, int shard, string month, CancellationToken ct = default)
    {
        await using var batch = data.CreateBatch();
        batch.BatchCommands.Add(Command("""
            SELECT count(*) FILTER (WHERE submitted_month = $3)::int,
                   count(*) FILTER (WHERE finished_month = $3 AND on_time)::int,
                   count(*) FILTER (WHERE finished_month = $3 AND NOT on_time)::int
            FROM motcua_agency_dossier_stats WHERE agency_code = $1 AND shard = $2
            """, agencyCode, shard, month));
        batch.BatchCommands.Add(Command("""
            SELECT status, count(*)::int FROM motcua_agency_dossier_stats
            WHERE agency_code = $1 AND shard = $2 AND status IS NOT NULL GROUP BY status
            """, agencyCode, shard, null));
        batch.BatchCommands.Add(Command("""
            SELECT last_event_at, updated_at, events_applied FROM motcua_agency_stats_shards WHERE agency_code = $1 AND shard = $2
            """, agencyCode, shard, null));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (received, onTime, late) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        await reader.NextResultAsync(ct);
        var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            byStatus[reader.GetString(0)] = reader.GetInt32(1);
        }

        await reader.NextResultAsync(ct);
        DateTimeOffset? lastEventAt = null, updatedAt = null;
        long applied = 0;
        if (await reader.ReadAsync(ct))
        {
            lastEventAt = new DateTimeOffset(reader.GetFieldValue<DateTime>(0), TimeSpan.Zero);
            updatedAt = new DateTimeOffset(reader.GetFieldValue<DateTime>(1), TimeSpan.Zero);
            applied = reader.GetInt64(2);
        }

        return new AgencyStatsPart(received, onTime, late, byStatus, lastEventAt, updatedAt, applied);
    }

    public async Task ApplyCollectionAsync(ChannelDayCollection collection, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var command = data.CreateCommand(ApplyCollectionSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collection.ChannelId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = collection.Date });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collection.PaymentId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collection.Method });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = collection.Amount });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = collection.OccurredAt.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.UtcDateTime });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<ChannelDayStats> GetChannelDayAsync(string channelId, DateOnly date, CancellationToken ct = default)
    {
        await using var command = data.CreateCommand("""
            SELECT method, count, amount, last_event_at, updated_at FROM motcua_channel_day_totals WHERE channel_id = $1 AND day = $2
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = channelId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = date });
        var byMethod = new Dictionary<string, MethodTotal>(StringComparer.Ordinal);
        DateTimeOffset? lastEventAt = null, updatedAt = null;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            byMethod[reader.GetString(0)] = new MethodTotal(reader.GetInt32(1), reader.GetInt64(2));
            var last = new DateTimeOffset(reader.GetFieldValue<DateTime>(3), TimeSpan.Zero);
            var updated = new DateTimeOffset(reader.GetFieldValue<DateTime>(4), TimeSpan.Zero);
            lastEventAt = lastEventAt is null || last > lastEventAt ? last : lastEventAt;
            updatedAt = updatedAt is null || updated > updatedAt ? updated : updatedAt;
        }

        return new ChannelDayStats(channelId, date, byMethod.Values.Sum(t => t.Count), byMethod.Values.Sum(t => t.Amount), byMethod,
            lastEventAt, updatedAt);
    }

    private static NpgsqlBatchCommand Command(string sql, string agencyCode, int shard, string? month)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = agencyCode });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = shard });
        if (month is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = month });
        }

        return command;
    }
}
