using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Storage;
using Npgsql;

namespace MotCua.Storage.Postgres;

/// <summary>
/// The dossier projection in <c>motcua_dossier_index</c> (schema 008). An upsert changes a row only for a later version.
/// A list is an index range on (agency, [status,] due_key, code), where due_key is the due date or +infinity, so the
/// order needs no sort and a keyset page starts where the last one ended; the total is counted in the same round trip.
/// </summary>
public sealed class PostgresDossierIndex(NpgsqlDataSource data) : IDossierIndex
{
    // Schema 011's function: the row and the counter rows of the list's total move in one statement.
    private const string UpsertSql = "SELECT motcua_dossier_index_upsert($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

    // $1 agency, $2 status or null, $3 overdue or null, $4 closed rows changed before this are not listed (null when
    // the status asked for is an open one: the clause then folds away and a count is an index-only scan).
    private const string Filter = """
        agency_code = $1 AND ($2::smallint IS NULL OR status = $2) AND ($3::boolean IS NULL OR overdue = $3)
          AND ($4::timestamptz IS NULL OR NOT closed OR changed_at >= $4)
        """;

    // A total from the counter rows (schema 011), not by counting index rows. Open statuses are counters alone; closed
    // dossiers, listed for 30 days after their last change, are counted from the index's recent closed rows.
    private const string OpenCountSql = """
        SELECT coalesce(sum(n), 0)::int FROM motcua_dossier_counts
        WHERE agency_code = $1 AND status = $2 AND ($3::boolean IS NULL OR overdue = $3)
        """;

    private const string CountSql = """
        SELECT ((SELECT coalesce(sum(n), 0) FROM motcua_dossier_counts
                 WHERE agency_code = $1 AND NOT closed AND ($2::smallint IS NULL OR status = $2) AND ($3::boolean IS NULL OR overdue = $3))
              + (SELECT count(*) FROM motcua_dossier_index
                 WHERE agency_code = $1 AND closed AND changed_at >= $4
                   AND ($2::smallint IS NULL OR status = $2) AND ($3::boolean IS NULL OR overdue = $3)))::int
        """;

    // $5 keyset due_key or null, $6 keyset code, $7 offset, $8 limit.
    private static readonly string PageSql = $"""
        SELECT code, status, due_at, overdue, version, changed_at, procedure_code, receiving_centre
        FROM motcua_dossier_index
        WHERE {Filter} AND ($5::timestamptz IS NULL OR (due_key, code) > ($5, $6))
        ORDER BY due_key, code
        OFFSET $7 LIMIT $8
        """;

    public async Task UpsertAsync(DossierIndexEntry entry, CancellationToken ct = default)
    {
        await using var command = data.CreateCommand(UpsertSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Code });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.AgencyCode });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)entry.Status });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = entry.DueAt is { } due ? due.UtcDateTime : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz,
        });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = entry.Overdue });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = entry.Version });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = entry.ChangedAt.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.ProcedureCode });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.ReceivingCentre });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = DossierIndexRules.ClosedStatuses.Contains(entry.Status) });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<DossierIndexPage> QueryAsync(string agencyCode, DossierIndexQuery query, DateTimeOffset now, CancellationToken ct = default)
    {
        DossierIndexRules.Validate(query);
        await using var batch = data.CreateBatch();
        var count = new NpgsqlBatchCommand(IsOpen(query.Status) ? OpenCountSql : CountSql);
        AddFilter(count.Parameters, agencyCode, query, now);
        var page = new NpgsqlBatchCommand(PageSql);
        AddFilter(page.Parameters, agencyCode, query, now);
        page.Parameters.Add(new NpgsqlParameter
        {
            Value = query.After is { } after ? (after.DueAt?.UtcDateTime ?? DateTime.MaxValue) : DBNull.Value,
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz,
        });
        page.Parameters.Add(new NpgsqlParameter<string> { TypedValue = query.After?.Code ?? "" });
        page.Parameters.Add(new NpgsqlParameter<long> { TypedValue = query.After is null ? (long)(query.Page - 1) * query.PageSize : 0 });
        page.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.PageSize });
        batch.BatchCommands.Add(count);
        batch.BatchCommands.Add(page);

        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var total = reader.GetInt32(0);
        await reader.NextResultAsync(ct);
        var rows = new List<DossierIndexEntry>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new DossierIndexEntry(
                reader.GetString(0),
                agencyCode,
                (DossierStatus)reader.GetInt16(1),
                reader.IsDBNull(2) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero),
                reader.GetBoolean(3),
                reader.GetInt64(4),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(5), TimeSpan.Zero),
                reader.GetString(6),
                reader.GetString(7)));
        }

        return DossierIndexPages.Of(agencyCode, query, total, rows);
    }

    private static void AddFilter(NpgsqlParameterCollection parameters, string agencyCode, DossierIndexQuery query, DateTimeOffset now)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = agencyCode });
        parameters.Add(new NpgsqlParameter
        {
            Value = query.Status is { } status ? (short)status : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Smallint,
        });
        parameters.Add(new NpgsqlParameter
        {
            Value = query.Overdue is { } overdue ? overdue : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Boolean,
        });
        parameters.Add(new NpgsqlParameter
        {
            Value = IsOpen(query.Status) ? DBNull.Value : (now - DossierIndexRules.ClosedRetention).UtcDateTime,
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz,
        });
    }

    private static bool IsOpen(DossierStatus? status) => status is { } asked && !DossierIndexRules.ClosedStatuses.Contains(asked);
}
