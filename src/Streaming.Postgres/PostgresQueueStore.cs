using Npgsql;
using NpgsqlTypes;

namespace MotCua.Streaming.Postgres;

/// <summary>A row read from a queue: its sequence number, serialized batch, and how many times it has been leased (this time included).</summary>
public readonly record struct QueueRow(long Sequence, byte[] Payload, int DequeueCount = 1);

/// <summary>
/// The SQL of the queue table <c>motcua_stream_queue</c> (created by <c>deploy/sql/005_streams.sql</c>). Dequeuing
/// leases rows with <c>FOR UPDATE SKIP LOCKED</c>, so concurrent receivers never take the same row while its lease runs.
/// </summary>
public sealed class PostgresQueueStore(NpgsqlDataSource dataSource, string serviceId)
{
    private const string EnqueueSql = """
        INSERT INTO motcua_stream_queue (service_id, queue, payload) VALUES (@service, @queue, @payload)
        """;

    private const string DequeueSql = """
        UPDATE motcua_stream_queue AS q
           SET leased_until = now() + @lease, lease_owner = @owner, dequeue_count = q.dequeue_count + 1
          FROM (SELECT sequence FROM motcua_stream_queue
                 WHERE service_id = @service AND queue = @queue AND (leased_until IS NULL OR leased_until < now())
                 ORDER BY sequence
                 LIMIT @max
                 FOR UPDATE SKIP LOCKED) AS c
         WHERE q.sequence = c.sequence
        RETURNING q.sequence, q.payload, q.dequeue_count
        """;

    private const string RenewSql = """
        UPDATE motcua_stream_queue SET leased_until = now() + @lease
         WHERE sequence = ANY(@sequences) AND lease_owner = @owner
        """;

    private const string ReleaseSql = "UPDATE motcua_stream_queue SET leased_until = NULL, lease_owner = NULL WHERE lease_owner = @owner";

    private const string DeleteSql = "DELETE FROM motcua_stream_queue WHERE sequence = ANY(@sequences)";

    public async Task EnqueueAsync(string queue, byte[] payload, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(EnqueueSql);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("queue", queue);
        command.Parameters.AddWithValue("payload", NpgsqlDbType.Bytea, payload);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Leases up to <paramref name="max"/> visible rows of <paramref name="queue"/> to <paramref name="owner"/>, oldest first.</summary>
    public async Task<IReadOnlyList<QueueRow>> DequeueAsync(string queue, Guid owner, int max, TimeSpan lease, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(DequeueSql);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("queue", queue);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("max", max);
        command.Parameters.AddWithValue("lease", lease);
        var rows = new List<QueueRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new QueueRow(reader.GetInt64(0), (byte[])reader[1], reader.GetInt32(2)));
        }

        rows.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return rows;
    }

    /// <summary>Extends the lease of the rows <paramref name="owner"/> still holds.</summary>
    public async Task RenewAsync(IReadOnlyCollection<long> sequences, Guid owner, TimeSpan lease, CancellationToken ct = default)
    {
        if (sequences.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(RenewSql);
        command.Parameters.AddWithValue("sequences", sequences.ToArray());
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("lease", lease);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Makes the rows <paramref name="owner"/> still holds visible again at once (its queue moves to another silo).</summary>
    public async Task ReleaseAsync(Guid owner, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(ReleaseSql);
        command.Parameters.AddWithValue("owner", owner);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Deletes delivered rows.</summary>
    public async Task DeleteAsync(IReadOnlyCollection<long> sequences, CancellationToken ct = default)
    {
        if (sequences.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(DeleteSql);
        command.Parameters.AddWithValue("sequences", sequences.ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }
}
