using MotCua.Grains.Interfaces.Storage;
using Npgsql;

namespace MotCua.Storage.Postgres;

/// <summary>
/// Receipts in <c>motcua_receipts</c> (schema 006). Issuing is one statement: the payments that already have a receipt
/// get it back, the others are numbered after the series' highest number and inserted, so a number is taken only by
/// the commit that stores its receipt. A second writer of the same series (never expected: one grain owns it) fails on
/// the primary key instead of leaving a gap or a duplicate.
/// </summary>
public sealed class PostgresReceiptBook(NpgsqlDataSource data) : IReceiptBook
{
    private const string IssueSql = """
        WITH input AS (
            SELECT * FROM unnest($2::text[], $3::bigint[], $4::timestamptz[]) WITH ORDINALITY AS i(payment_id, amount, at, ord)
        ), existing AS (
            SELECT r.series, r.sequence, r.payment_id, r.amount, r.issued_at
            FROM motcua_receipts r JOIN input i ON r.series = $1 AND r.payment_id = i.payment_id
        ), fresh AS (
            SELECT i.payment_id, i.amount, i.at,
                   (SELECT coalesce(max(sequence), 0) FROM motcua_receipts WHERE series = $1)
                       + row_number() OVER (ORDER BY i.ord) AS sequence
            FROM input i
            WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.payment_id = i.payment_id)
        ), inserted AS (
            INSERT INTO motcua_receipts (series, sequence, payment_id, amount, issued_at)
            SELECT $1, sequence, payment_id, amount, at FROM fresh
            RETURNING series, sequence, payment_id, amount, issued_at
        )
        SELECT series, sequence, payment_id, amount, issued_at FROM inserted
        UNION ALL
        SELECT series, sequence, payment_id, amount, issued_at FROM existing
        """;

    public async Task<IReadOnlyList<StoredReceipt>> IssueAsync(string series, IReadOnlyList<ReceiptRequest> requests, CancellationToken ct = default)
    {
        if (requests.Count == 0)
        {
            return [];
        }

        var unique = requests.DistinctBy(r => r.PaymentId, StringComparer.Ordinal).ToList();
        await using var command = data.CreateCommand(IssueSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = series });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. unique.Select(r => r.PaymentId)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. unique.Select(r => r.Amount)] });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. unique.Select(r => r.At.UtcDateTime)] });
        var stored = new Dictionary<string, StoredReceipt>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var receipt = Read(reader);
                stored[receipt.PaymentId] = receipt;
            }
        }

        return [.. requests.Select(r => stored[r.PaymentId])];
    }

    public async Task<long> GetIssuedAsync(string series, CancellationToken ct = default)
    {
        await using var command = data.CreateCommand("SELECT coalesce(max(sequence), 0)::bigint FROM motcua_receipts WHERE series = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = series });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<IReadOnlyList<StoredReceipt>> ListAsync(string series, long afterSequence, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = data.CreateCommand("""
            SELECT series, sequence, payment_id, amount, issued_at FROM motcua_receipts
            WHERE series = $1 AND sequence > $2 ORDER BY sequence LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = series });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var page = new List<StoredReceipt>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            page.Add(Read(reader));
        }

        return page;
    }

    private static StoredReceipt Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3),
        new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero));
}
