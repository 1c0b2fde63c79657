using MotCua.Grains.Interfaces.Storage;
using Npgsql;

namespace MotCua.Storage.Postgres;

/// <summary>
/// A channel's collections and received settlements in <c>motcua_channel_collections</c> / <c>motcua_channel_settlements</c>
/// (schema 006; the remittance reference and receipt time since schema 015).
/// </summary>
public sealed class PostgresChannelBook(NpgsqlDataSource data) : IChannelBook
{
    private const string CollectionColumns =
        "channel_id, operation_id, reference, payment_id, dossier_code, amount, receipt_number, at, payment_status, window_number";

    private const string SettlementColumns =
        "channel_id, number, operation_id, opened_at, closed_at, count, total, remittance_reference, received_at";

    public async Task RecordCollectionsAsync(IReadOnlyList<ChannelCollectionRow> rows, CancellationToken ct = default)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = data.CreateCommand($"""
            INSERT INTO motcua_channel_collections ({CollectionColumns})
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[],
                                 $8::timestamptz[], $9::text[], $10::integer[])
            ON CONFLICT (channel_id, operation_id) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.ChannelId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.OperationId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.Reference)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.PaymentId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.DossierCode)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. rows.Select(r => r.Amount)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.ReceiptNumber)] });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. rows.Select(r => r.At.UtcDateTime)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.PaymentStatus)] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. rows.Select(r => r.Window)] });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<ChannelCollectionRow?> FindCollectionAsync(string channelId, string operationId, CancellationToken ct = default) =>
        (await ReadCollectionsAsync($"SELECT {CollectionColumns} FROM motcua_channel_collections WHERE channel_id = $1 AND operation_id = $2",
            channelId, operationId, ct)).SingleOrDefault();

    public async Task<ChannelCollectionRow?> FindCollectionByPaymentAsync(string channelId, string paymentId, CancellationToken ct = default) =>
        (await ReadCollectionsAsync($"SELECT {CollectionColumns} FROM motcua_channel_collections WHERE channel_id = $1 AND payment_id = $2 LIMIT 1",
            channelId, paymentId, ct)).SingleOrDefault();

    public Task<IReadOnlyList<ChannelCollectionRow>> ListCollectionsAsync(string channelId, int window, CancellationToken ct = default) =>
        ReadCollectionsAsync($"""
            SELECT {CollectionColumns} FROM motcua_channel_collections
            WHERE channel_id = $1 AND window_number = $2 ORDER BY at, operation_id
            """, channelId, window, ct);

    public async Task RecordSettlementAsync(ChannelSettlementRow s, CancellationToken ct = default)
    {
        await using var command = data.CreateCommand($"""
            INSERT INTO motcua_channel_settlements ({SettlementColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (channel_id, number) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = s.ChannelId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = s.Number });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = s.OperationId });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = s.OpenedAt.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = s.ClosedAt.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = s.Count });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = s.Total });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)s.RemittanceReference ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = s.ReceivedAt.UtcDateTime });
        await command.ExecuteNonQueryAsync(ct);
    }

    public Task<ChannelSettlementRow?> FindSettlementAsync(string channelId, string operationId, CancellationToken ct = default) =>
        ReadSettlementAsync($"SELECT {SettlementColumns} FROM motcua_channel_settlements WHERE channel_id = $1 AND operation_id = $2",
            channelId, operationId, ct);

    public Task<ChannelSettlementRow?> FindSettlementByNumberAsync(string channelId, int number, CancellationToken ct = default) =>
        ReadSettlementAsync($"SELECT {SettlementColumns} FROM motcua_channel_settlements WHERE channel_id = $1 AND number = $2",
            channelId, number, ct);

    private async Task<ChannelSettlementRow?> ReadSettlementAsync<T>(string sql, string channelId, T key, CancellationToken ct)
    {
        await using var command = data.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = channelId });
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = key });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new ChannelSettlementRow(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), Utc(reader, 3), Utc(reader, 4),
                reader.GetInt32(5), reader.GetInt64(6), reader.IsDBNull(7) ? null : reader.GetString(7), Utc(reader, 8))
            : null;
    }

    private async Task<IReadOnlyList<ChannelCollectionRow>> ReadCollectionsAsync<T>(string sql, string channelId, T key, CancellationToken ct)
    {
        await using var command = data.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = channelId });
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = key });
        var rows = new List<ChannelCollectionRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new ChannelCollectionRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetInt64(5), reader.GetString(6), Utc(reader, 7), reader.GetString(8), reader.GetInt32(9)));
        }

        return rows;
    }

    private static DateTimeOffset Utc(NpgsqlDataReader reader, int ordinal) => new(reader.GetDateTime(ordinal), TimeSpan.Zero);
}
