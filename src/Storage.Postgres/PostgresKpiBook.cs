using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Storage;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Storage.Postgres;

/// <summary>
/// The service-quality projection in schema 014. A dossier row is inserted once or updated only where it still has the
/// sequence it was computed from; a payment row is insert-only. A month's figures are one batch of aggregates over the
/// agency's rows (one round trip), grouped by agency so the same statements serve one agency and the ranked board.
/// </summary>
public sealed class PostgresKpiBook(NpgsqlDataSource data) : IKpiBook
{
    private const string Columns =
        "code, agency_code, last_sequence, status, accepted_at, due_at, promised_at, apologized, finished_at, finished_month, timeliness, lead_days, rating, rated_month";

    private const string AgencyFilter = "($2::text IS NULL OR agency_code = $2)";

    private const string FinishedSql = $"""
        SELECT agency_code,
               count(*) FILTER (WHERE timeliness = 'early')::int,
               count(*) FILTER (WHERE timeliness = 'on_time')::int,
               count(*) FILTER (WHERE timeliness = 'late')::int,
               count(lead_days)::int,
               percentile_disc(0.5) WITHIN GROUP (ORDER BY lead_days),
               percentile_disc(0.9) WITHIN GROUP (ORDER BY lead_days)
        FROM motcua_kpi_dossiers WHERE finished_month = $1 AND {AgencyFilter} GROUP BY agency_code
        """;

    private const string OverdueCountSql = $"""
        SELECT agency_code, count(*) FILTER (WHERE apologized)::int, count(*) FILTER (WHERE NOT apologized)::int
        FROM motcua_kpi_dossiers
        WHERE status IN ('accepted', 'processing') AND promised_at < $1 AND {AgencyFilter} GROUP BY agency_code
        """;

    private const string RatingsSql = $"""
        SELECT agency_code, rating, count(*)::int FROM motcua_kpi_dossiers
        WHERE rated_month = $1 AND rating IS NOT NULL AND {AgencyFilter} GROUP BY agency_code, rating
        """;

    private const string PaymentsSql = $"""
        SELECT agency_code, count(*)::int, coalesce(sum(amount), 0)::bigint,
               count(*) FILTER (WHERE online)::int, coalesce(sum(amount) FILTER (WHERE online), 0)::bigint
        FROM motcua_kpi_payments WHERE month = $1 AND NOT refunded AND {AgencyFilter} GROUP BY agency_code
        """;

    public async Task<KpiDossierRow?> GetDossierAsync(string dossierCode, CancellationToken ct = default)
    {
        await using var command = data.CreateCommand($"SELECT {Columns} FROM motcua_kpi_dossiers WHERE code = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = dossierCode });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new KpiDossierRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), Text(reader, 3), Instant(reader, 4),
            Instant(reader, 5), Instant(reader, 6), reader.GetBoolean(7), Instant(reader, 8), Text(reader, 9), Text(reader, 10),
            reader.IsDBNull(11) ? null : reader.GetDecimal(11), reader.IsDBNull(12) ? null : reader.GetInt16(12), Text(reader, 13));
    }

    public async Task<bool> SaveDossierAsync(KpiDossierRow row, long expectedSequence, CancellationToken ct = default)
    {
        var sql = expectedSequence == 0
            ? $"INSERT INTO motcua_kpi_dossiers ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING"
            : """
              UPDATE motcua_kpi_dossiers SET agency_code = $2, last_sequence = $3, status = $4, accepted_at = $5, due_at = $6,
                  promised_at = $7, apologized = $8, finished_at = $9, finished_month = $10, timeliness = $11, lead_days = $12,
                  rating = $13, rated_month = $14
              WHERE code = $1 AND last_sequence = $15
              """;
        await using var command = data.CreateCommand(sql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<string> { TypedValue = row.Code });
        p.Add(new NpgsqlParameter<string> { TypedValue = row.AgencyCode });
        p.Add(new NpgsqlParameter<long> { TypedValue = row.LastSequence });
        p.Add(NullableParameters.Text(row.Status));
        p.Add(Instant(row.AcceptedAt));
        p.Add(Instant(row.DueAt));
        p.Add(Instant(row.PromisedAt));
        p.Add(new NpgsqlParameter<bool> { TypedValue = row.Apologized });
        p.Add(Instant(row.FinishedAt));
        p.Add(NullableParameters.Text(row.FinishedMonth));
        p.Add(NullableParameters.Text(row.Timeliness));
        p.Add(new NpgsqlParameter { Value = (object?)row.LeadDays ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        p.Add(new NpgsqlParameter { Value = row.Rating is { } r ? (short)r : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
        p.Add(NullableParameters.Text(row.RatedMonth));
        if (expectedSequence != 0)
        {
            p.Add(new NpgsqlParameter<long> { TypedValue = expectedSequence });
        }

        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task AddPaymentAsync(KpiPayment payment, CancellationToken ct = default)
    {
        await using var command = data.CreateCommand("""
            INSERT INTO motcua_kpi_payments (payment_id, agency_code, dossier_code, month, method, amount, online)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payment.PaymentId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payment.AgencyCode });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payment.DossierCode });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payment.Month });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payment.Method });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = payment.Amount });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = payment.Online });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task MarkRefundedAsync(string paymentId, CancellationToken ct = default)
    {
        await using var command = data.CreateCommand("UPDATE motcua_kpi_payments SET refunded = true WHERE payment_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = paymentId });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<AgencyKpiFigures> GetMonthAsync(string agencyCode, string month, DateTimeOffset overdueCutoff, CancellationToken ct = default)
    {
        var figures = await FiguresAsync(agencyCode, month, overdueCutoff, ct);
        return figures.Count > 0 ? figures[0] : AgencyKpiFigures.Empty(agencyCode, month);
    }

    public Task<IReadOnlyList<AgencyKpiFigures>> ListMonthAsync(string month, DateTimeOffset overdueCutoff, CancellationToken ct = default) =>
        FiguresAsync(null, month, overdueCutoff, ct);

    public async Task<IReadOnlyList<OverdueDossier>> ListOverdueAsync(string agencyCode, DateTimeOffset overdueCutoff, int limit, CancellationToken ct = default)
    {
        await using var command = data.CreateCommand("""
            SELECT code, status, promised_at, apologized, due_at FROM motcua_kpi_dossiers
            WHERE agency_code = $1 AND status IN ('accepted', 'processing') AND promised_at < $2
            ORDER BY promised_at, code LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = agencyCode });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = overdueCutoff.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var list = new List<OverdueDossier>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new OverdueDossier(reader.GetString(0), reader.GetString(1), Instant(reader, 2)!.Value, reader.GetBoolean(3), Instant(reader, 4)));
        }

        return list;
    }

    /// <summary>The figures of one agency (or, for a null code, of every agency with a figure), in one round trip.</summary>
    private async Task<IReadOnlyList<AgencyKpiFigures>> FiguresAsync(string? agencyCode, string month, DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var batch = data.CreateBatch();
        batch.BatchCommands.Add(Command(FinishedSql, month, agencyCode));
        batch.BatchCommands.Add(Command(OverdueCountSql, cutoff, agencyCode));
        batch.BatchCommands.Add(Command(RatingsSql, month, agencyCode));
        batch.BatchCommands.Add(Command(PaymentsSql, month, agencyCode));

        var byAgency = new SortedDictionary<string, AgencyKpiFigures>(StringComparer.Ordinal);
        AgencyKpiFigures Of(string code) => byAgency.TryGetValue(code, out var f) ? f : byAgency[code] = AgencyKpiFigures.Empty(code, month);

        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var code = reader.GetString(0);
            byAgency[code] = Of(code) with
            {
                Early = reader.GetInt32(1), OnTime = reader.GetInt32(2), Late = reader.GetInt32(3), LeadTimeCount = reader.GetInt32(4),
                LeadTimeMedianDays = reader.IsDBNull(5) ? null : reader.GetDecimal(5),
                LeadTimeP90Days = reader.IsDBNull(6) ? null : reader.GetDecimal(6),
            };
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var code = reader.GetString(0);
            byAgency[code] = Of(code) with { OverdueWithApology = reader.GetInt32(1), OverdueWithoutApology = reader.GetInt32(2) };
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var code = reader.GetString(0);
            var ratings = Of(code).Ratings.ToArray();
            ratings[reader.GetInt16(1) - 1] = reader.GetInt32(2);
            byAgency[code] = Of(code) with { Ratings = ratings };
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var code = reader.GetString(0);
            byAgency[code] = Of(code) with
            {
                PaidCount = reader.GetInt32(1), PaidAmount = reader.GetInt64(2), OnlineCount = reader.GetInt32(3), OnlineAmount = reader.GetInt64(4),
            };
        }

        return [.. byAgency.Values];
    }

    private static NpgsqlBatchCommand Command<T>(string sql, T first, string? agencyCode)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(first is DateTimeOffset at
            ? new NpgsqlParameter<DateTime> { TypedValue = at.UtcDateTime }
            : new NpgsqlParameter { Value = first, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(NullableParameters.Text(agencyCode));
        return command;
    }

    private static NpgsqlParameter Instant(DateTimeOffset? value) =>
        new() { Value = value is { } v ? v.UtcDateTime : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private static DateTimeOffset? Instant(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero);

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
