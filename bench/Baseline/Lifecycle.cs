using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Bench.Baseline;

/// <summary>A step refused: HTTP status and a stable code, answered as problem+json; the transaction rolls back.</summary>
public sealed class StepProblem(int status, string code, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

/// <summary>
/// Scenario 1 as a competent team writes it without actors: each POST is one transaction that first claims its
/// Idempotency-Key row (a concurrent duplicate waits on that row, then replays), locks the rows it changes in a fixed
/// order (payment, channel, dossier, receipt series), applies the step and stores the answer with the key.
/// </summary>
public sealed class Lifecycle(NpgsqlDataSource db, Keys keys)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private const string PaymentAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    public Task FileAsync(HttpContext http) => StepAsync(http, "portal", async (c, tx, caller, body) =>
    {
        var request = body.Deserialize<FileRequest>(Json) ?? throw Invalid("body");
        if (request.ProcedureCode != "SXD-XD-001" || request.AgencyCode != "SXD" || request.ReceivingCentre is not { Length: > 0 and <= 24 }
            || request.Applicant?.CitizenId is not { Length: 12 } || request.Applicant.FullName is not { Length: > 0 })
        {
            throw Invalid("body");
        }

        var now = DateTimeOffset.UtcNow;
        var day = now.ToOffset(Vietnam).ToString("yyMMdd", CultureInfo.InvariantCulture);
        var unitDay = $"{request.ReceivingCentre}-{day}";
        var number = await ScalarAsync<int>(c, tx,
            "INSERT INTO bl_counters (unit_day, last) VALUES ($1, 1) ON CONFLICT (unit_day) DO UPDATE SET last = bl_counters.last + 1 RETURNING last",
            unitDay);
        if (number > 9999)
        {
            throw new StepProblem(409, "daily_counter_exhausted", unitDay);
        }

        var code = $"{unitDay}-{number:D4}";
        await ExecuteAsync(c, tx, """
            INSERT INTO bl_dossiers (code, status, procedure_code, agency_code, receiving_centre, citizen_id, full_name, submitted_at, history_count)
            VALUES ($1, 'submitted', $2, $3, $4, $5, $6, $7, 1)
            """, code, request.ProcedureCode, request.AgencyCode, request.ReceivingCentre, request.Applicant.CitizenId, request.Applicant.FullName, now);
        await HistoryAsync(c, tx, code, 1, "filed", caller, null, "submitted", now);
        return (201, await ViewAsync(c, tx, code));
    });

    public Task AcceptAsync(HttpContext http, string code) => StepAsync(http, "officer", async (c, tx, caller, _) =>
    {
        var dossier = await LockDossierAsync(c, tx, code, caller);
        Transition(dossier, "submitted");
        var now = DateTimeOffset.UtcNow;
        var due = AddWorkingDays(now, 15);
        await ExecuteAsync(c, tx, "UPDATE bl_dossiers SET status = 'accepted', due_at = $2, history_count = history_count + 1 WHERE code = $1",
            code, due);
        await HistoryAsync(c, tx, code, dossier.History + 1, "accepted", caller, dossier.Status, "accepted", now);
        return (200, await ViewAsync(c, tx, code));
    });

    public Task RequestPaymentAsync(HttpContext http, string code) => StepAsync(http, "officer", async (c, tx, caller, body) =>
    {
        var request = body.Deserialize<FeeRequest>(Json);
        if (request?.Items is not { Count: > 0 } items || items.Any(i => i.Kind is not ("fee" or "charge") || i.Amount is not > 0 || string.IsNullOrEmpty(i.Name)))
        {
            throw Invalid("items");
        }

        var dossier = await LockDossierAsync(c, tx, code, caller);
        Transition(dossier, "accepted", "processing");
        var start = await ScalarAsync<int>(c, tx, "SELECT count(*)::int FROM bl_fee_items WHERE code = $1", code);
        for (var i = 0; i < items.Count; i++)
        {
            await ExecuteAsync(c, tx, "INSERT INTO bl_fee_items (code, n, kind, name, amount) VALUES ($1, $2, $3, $4, $5)",
                code, start + i, items[i].Kind!, items[i].Name!, items[i].Amount!.Value);
        }

        await ExecuteAsync(c, tx, """
            UPDATE bl_dossiers SET status = 'payment_requested', fee_total = fee_total + $2, history_count = history_count + 1 WHERE code = $1
            """, code, items.Sum(i => i.Amount!.Value));
        await HistoryAsync(c, tx, code, dossier.History + 1, "payment_requested", caller, dossier.Status, "payment_requested", DateTimeOffset.UtcNow);
        return (200, await ViewAsync(c, tx, code));
    });

    public Task CreatePaymentAsync(HttpContext http) => StepAsync(http, "portal", async (c, tx, caller, body) =>
    {
        var request = body.Deserialize<PaymentRequest>(Json);
        if (request?.DossierCode is not { Length: > 0 } code || request.Method != "cash")
        {
            throw Invalid("method");
        }

        var dossier = await LockDossierAsync(c, tx, code, null);
        Transition(dossier, "payment_requested");
        var amount = dossier.FeeTotal - dossier.PaidTotal;
        var id = "pay_" + Token(Operation(http, caller), 20).ToLowerInvariant();
        var reference = Token(id, 8);
        var now = DateTimeOffset.UtcNow;
        await ExecuteAsync(c, tx, """
            INSERT INTO bl_payments (id, dossier_code, method, amount, status, reference, created_at) VALUES ($1, $2, 'cash', $3, 'pending', $4, $5)
            """, id, code, amount, reference, now);
        return (201, new PaymentView(id, "pending", amount, reference, code, "cash", now.ToOffset(Vietnam)));
    });

    public Task CollectAsync(HttpContext http, string channelId) => StepAsync(http, "agent", async (c, tx, caller, body) =>
    {
        if (caller.ChannelId != channelId)
        {
            throw new StepProblem(403, "forbidden", "An agent may only record collections for its own channel.");
        }

        var request = body.Deserialize<CollectRequest>(Json);
        if (request?.Reference is not { Length: 8 } reference || request.Amount is not > 0 || request.ReceiptNumber is not { Length: > 0 })
        {
            throw Invalid("reference");
        }

        var payment = await QueryOneAsync(c, tx, "SELECT id, dossier_code, method, amount, status FROM bl_payments WHERE reference = $1 FOR UPDATE",
            r => new PaymentRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4)), reference)
            ?? throw new StepProblem(404, "not_found", reference);
        if (payment.Method != "cash" || payment.Status != "pending")
        {
            throw new StepProblem(409, "payment_not_collectable", payment.Status);
        }

        if (payment.Amount != request.Amount)
        {
            throw Invalid("amount");
        }

        await ExecuteAsync(c, tx, "INSERT INTO bl_channels VALUES ($1, 50000000, 0, 0, 0) ON CONFLICT (id) DO NOTHING", channelId);
        var position = await ScalarAsync<long>(c, tx, "SELECT position FROM bl_channels WHERE id = $1 FOR UPDATE", channelId);
        if (position + payment.Amount > 50_000_000)
        {
            throw new StepProblem(409, "float_limit_exceeded", channelId);
        }

        var now = DateTimeOffset.UtcNow;
        await ExecuteAsync(c, tx, """
            UPDATE bl_channels SET position = position + $2, window_count = window_count + 1, window_total = window_total + $2 WHERE id = $1
            """, channelId, payment.Amount);
        await ExecuteAsync(c, tx, "INSERT INTO bl_collections VALUES ($1, $2, $3, $4, $5)",
            payment.Id, channelId, payment.Amount, request.ReceiptNumber, now);
        var dossier = await LockDossierAsync(c, tx, payment.Dossier, null);
        var paid = dossier.PaidTotal + payment.Amount;
        var status = dossier.Status == "payment_requested" && paid >= dossier.FeeTotal ? "processing" : dossier.Status;
        await ExecuteAsync(c, tx, "UPDATE bl_dossiers SET paid_total = $2, status = $3, history_count = history_count + 1 WHERE code = $1",
            payment.Dossier, paid, status);
        await HistoryAsync(c, tx, payment.Dossier, dossier.History + 1, "payment_succeeded", caller, dossier.Status, status, now);
        var series = $"SXD-{now.ToOffset(Vietnam).Year}";
        var receipt = await ScalarAsync<int>(c, tx,
            "INSERT INTO bl_receipt_series VALUES ($1, 1) ON CONFLICT (series) DO UPDATE SET last = bl_receipt_series.last + 1 RETURNING last",
            series);
        await ExecuteAsync(c, tx, "UPDATE bl_payments SET status = 'succeeded', succeeded_at = $2, receipt_number = $3 WHERE id = $1",
            payment.Id, now, $"{series}-{receipt:D7}");
        await ExecuteAsync(c, tx, """
            INSERT INTO bl_ledger (operation, account, amount, at) VALUES ($1, $2, $3, $5), ($1, $4, -$3, $5)
            """, payment.Id, $"channel-cash:{channelId}", payment.Amount, "revenue:SXD", now);
        return (201, new CollectionView(payment.Id, reference, payment.Dossier, payment.Amount, request.ReceiptNumber, now.ToOffset(Vietnam), "succeeded"));
    });

    public async Task GetDossierAsync(HttpContext http, string code)
    {
        if (keys.Find(http) is null)
        {
            await ProblemAsync(http, 401, "unauthorized");
            return;
        }

        await using var c = await db.OpenConnectionAsync();
        var view = await ViewAsync(c, null, code);
        if (view is null)
        {
            await ProblemAsync(http, 404, "not_found");
            return;
        }

        await JsonAsync(http, 200, view);
    }

    public async Task GetChannelAsync(HttpContext http, string channelId)
    {
        await using var c = await db.OpenConnectionAsync();
        var view = await QueryOneAsync(c, null, "SELECT float_limit, position, window_count, window_total FROM bl_channels WHERE id = $1",
            r => new { id = channelId, floatLimit = r.GetInt64(0), position = r.GetInt64(1), openWindow = new { number = 1, count = r.GetInt32(2), total = r.GetInt64(3) } },
            channelId);
        if (view is null)
        {
            await ProblemAsync(http, 404, "not_found");
            return;
        }

        await JsonAsync(http, 200, view);
    }

    public async Task AuditAsync(HttpContext http)
    {
        await using var c = await db.OpenConnectionAsync();
        var total = await ScalarAsync<long>(c, null, "SELECT coalesce(sum(amount), 0)::bigint FROM bl_ledger");
        await JsonAsync(http, 200, new { total, balanced = total == 0 });
    }

    public static DossierView SampleView()
    {
        var at = new DateTimeOffset(2026, 11, 23, 9, 0, 0, Vietnam);
        return new DossierView("HN-TTHCC-261123-0001", "processing", 4, "SXD-XD-001", new Applicant("001089001234", "Nguyễn Văn An"), "SXD",
            "HN-TTHCC", at, at.AddDays(21), false,
            [new FeeView("charge", "Lệ phí cấp giấy phép xây dựng", 75000)],
            [new DossierPaymentView("pay_0123456789abcdefghij", "cash", 75000, "succeeded", at)],
            [
                new HistoryView(1, "filed", at, "portal", "kid-dev-portal", null, "submitted"),
                new HistoryView(2, "accepted", at, "officer", "kid-dev-officer-sxd", "submitted", "accepted"),
                new HistoryView(3, "payment_requested", at, "officer", "kid-dev-officer-sxd", "accepted", "payment_requested"),
                new HistoryView(4, "payment_succeeded", at, "agent", "kid-bench-agent-0001", "payment_requested", "processing"),
            ]);
    }

    private async Task StepAsync(HttpContext http, string role, Func<NpgsqlConnection, NpgsqlTransaction, Caller, JsonElement, Task<(int Status, object? Body)>> work)
    {
        var caller = keys.Find(http);
        if (caller is null)
        {
            await ProblemAsync(http, 401, "unauthorized");
            return;
        }

        if (caller.Role != role)
        {
            await ProblemAsync(http, 403, "forbidden");
            return;
        }

        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length is 0 or > 255)
        {
            await ProblemAsync(http, 400, "idempotency_key_required");
            return;
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var raw = buffer.ToArray();
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{http.Request.Method}\n{http.Request.Path}\n")
            .Concat(raw).ToArray()));
        var operation = $"{caller.KeyId}:{key}";
        http.Items["operation"] = operation;
        var body = raw.Length == 0 ? default : JsonDocument.Parse(raw).RootElement.Clone();

        await using var c = await db.OpenConnectionAsync();
        await using var tx = await c.BeginTransactionAsync();
        var claimed = await ExecuteAsync(c, tx,
            "INSERT INTO bl_idempotency (key, fingerprint, status) VALUES ($1, $2, 0) ON CONFLICT (key) DO NOTHING", operation, fingerprint);
        if (claimed == 0)
        {
            var stored = await QueryOneAsync(c, tx, "SELECT fingerprint, status, body FROM bl_idempotency WHERE key = $1",
                r => new StoredRow(r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? [] : (byte[])r[2]), operation);
            await tx.RollbackAsync();
            if (stored is null || stored.Fingerprint != fingerprint)
            {
                await ProblemAsync(http, 422, "idempotency_key_reused");
                return;
            }

            http.Response.StatusCode = stored.Status;
            http.Response.ContentType = "application/json";
            http.Response.Headers["Idempotent-Replayed"] = "true";
            await http.Response.Body.WriteAsync(stored.Body);
            return;
        }

        try
        {
            var (status, answer) = await work(c, tx, caller, body);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(answer, Json);
            await ExecuteAsync(c, tx, "UPDATE bl_idempotency SET status = $2, body = $3 WHERE key = $1", operation, status, bytes);
            await tx.CommitAsync();
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json";
            await http.Response.Body.WriteAsync(bytes);
        }
        catch (StepProblem problem)
        {
            await tx.RollbackAsync();
            await ProblemAsync(http, problem.Status, problem.Code);
        }
    }

    private static string Operation(HttpContext http, Caller caller) => http.Items["operation"] as string ?? caller.KeyId;

    private static async Task<Dossier> LockDossierAsync(NpgsqlConnection c, NpgsqlTransaction tx, string code, Caller? officer)
    {
        var dossier = await QueryOneAsync(c, tx,
            "SELECT status, agency_code, fee_total, paid_total, history_count FROM bl_dossiers WHERE code = $1 FOR UPDATE",
            r => new Dossier(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt32(4)), code)
            ?? throw new StepProblem(404, "not_found", code);
        if (officer is not null && officer.AgencyCode != dossier.Agency)
        {
            throw new StepProblem(403, "forbidden", code);
        }

        return dossier;
    }

    private static void Transition(Dossier dossier, params string[] from)
    {
        if (!from.Contains(dossier.Status))
        {
            throw new StepProblem(409, "invalid_transition", dossier.Status);
        }
    }

    private static Task HistoryAsync(NpgsqlConnection c, NpgsqlTransaction tx, string code, int seq, string type, Caller caller, string? from,
        string to, DateTimeOffset at) =>
        ExecuteAsync(c, tx, "INSERT INTO bl_dossier_history VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            code, seq, type, at, caller.Role, caller.KeyId, (object?)from ?? DBNull.Value, to);

    /// <summary>The dossier as GET shows it: four queries in one round trip.</summary>
    private static async Task<DossierView?> ViewAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string code)
    {
        await using var batch = new NpgsqlBatch(c, tx)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    SELECT code, status, procedure_code, citizen_id, full_name, agency_code, receiving_centre, submitted_at, due_at
                    FROM bl_dossiers WHERE code = $1
                    """) { Parameters = { new() { Value = code } } },
                new NpgsqlBatchCommand("SELECT kind, name, amount FROM bl_fee_items WHERE code = $1 ORDER BY n") { Parameters = { new() { Value = code } } },
                new NpgsqlBatchCommand("SELECT id, method, amount, status, created_at FROM bl_payments WHERE dossier_code = $1 ORDER BY created_at")
                    { Parameters = { new() { Value = code } } },
                new NpgsqlBatchCommand("""
                    SELECT seq, type, at, actor_role, actor_key, from_status, to_status FROM bl_dossier_history WHERE code = $1 ORDER BY seq
                    """) { Parameters = { new() { Value = code } } },
            },
        };
        await using var r = await batch.ExecuteReaderAsync();
        if (!await r.ReadAsync())
        {
            return null;
        }

        var status = r.GetString(1);
        var head = (Code: r.GetString(0), Procedure: r.GetString(2), Citizen: r.GetString(3), Name: r.GetString(4), Agency: r.GetString(5),
            Centre: r.GetString(6), Submitted: r.GetFieldValue<DateTimeOffset>(7), Due: r.IsDBNull(8) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(8));
        await r.NextResultAsync();
        var fees = new List<FeeView>();
        while (await r.ReadAsync())
        {
            fees.Add(new FeeView(r.GetString(0), r.GetString(1), r.GetInt64(2)));
        }

        await r.NextResultAsync();
        var payments = new List<DossierPaymentView>();
        while (await r.ReadAsync())
        {
            payments.Add(new DossierPaymentView(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4).ToOffset(Vietnam)));
        }

        await r.NextResultAsync();
        var history = new List<HistoryView>();
        while (await r.ReadAsync())
        {
            history.Add(new HistoryView(r.GetInt32(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2).ToOffset(Vietnam), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6)));
        }

        return new DossierView(head.Code, status, StatusCode(status), head.Procedure, new Applicant(head.Citizen, head.Name), head.Agency, head.Centre,
            head.Submitted.ToOffset(Vietnam), head.Due?.ToOffset(Vietnam), head.Due < DateTimeOffset.UtcNow, fees, payments, history);
    }

    private static int StatusCode(string status) => status switch
    {
        "submitted" => 1, "accepted" => 2, "refused" => 3, "processing" => 4, "supplement_requested" => 5, "payment_requested" => 6,
        "withdrawn" => 7, "stopped" => 8, "processed" => 9, _ => 10,
    };

    private static DateTimeOffset AddWorkingDays(DateTimeOffset from, int days)
    {
        var day = from.ToOffset(Vietnam).Date;
        while (days > 0)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                days--;
            }
        }

        return new DateTimeOffset(day.AddHours(17), Vietnam).ToUniversalTime();
    }

    private static string Token(string seed, int length)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = PaymentAlphabet[hash[i] % PaymentAlphabet.Length];
        }

        return new string(chars);
    }

    private static StepProblem Invalid(string field) => new(400, "validation_failed", field);

    private static async Task<int> ExecuteAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params object[] args)
    {
        await using var command = Command(c, tx, sql, args);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params object[] args)
    {
        await using var command = Command(c, tx, sql, args);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<T?> QueryOneAsync<T>(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, Func<NpgsqlDataReader, T> read, params object[] args)
    {
        await using var command = Command(c, tx, sql, args);
        await using var r = await command.ExecuteReaderAsync();
        return await r.ReadAsync() ? read(r) : default;
    }

    private static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, object[] args)
    {
        var command = new NpgsqlCommand(sql, c, tx);
        foreach (var arg in args)
        {
            command.Parameters.Add(arg is byte[] bytes ? new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = bytes } : new NpgsqlParameter { Value = arg });
        }

        return command;
    }

    private static Task ProblemAsync(HttpContext http, int status, string code) =>
        JsonAsync(http, status, new { type = "about:blank", title = code, status, code }, "application/problem+json");

    private static async Task JsonAsync(HttpContext http, int status, object body, string contentType = "application/json")
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        await http.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body, Json));
    }

    private sealed record PaymentRow(string Id, string Dossier, string Method, long Amount, string Status);

    private sealed record StoredRow(string Fingerprint, int Status, byte[] Body);

    private sealed record Dossier(string Status, string Agency, long FeeTotal, long PaidTotal, int History);
}

public sealed record FileRequest(string? ProcedureCode, string? AgencyCode, string? ReceivingCentre, ApplicantRequest? Applicant);

public sealed record ApplicantRequest(string? CitizenId, string? FullName);

public sealed record FeeRequest(List<FeeItemRequest>? Items);

public sealed record FeeItemRequest(string? Kind, string? Name, long? Amount);

public sealed record PaymentRequest(string? DossierCode, string? Method);

public sealed record CollectRequest(string? Reference, long? Amount, string? ReceiptNumber);

public sealed record Applicant(string CitizenId, string FullName);

public sealed record FeeView(string Kind, string Name, long Amount);

public sealed record DossierPaymentView(string Id, string Method, long Amount, string Status, DateTimeOffset CreatedAt);

public sealed record HistoryView(int Sequence, string Type, DateTimeOffset At, string ActorRole, string ActorKeyId, string? FromStatus, string ToStatus);

public sealed record DossierView(string Code, string Status, int StatusCode, string ProcedureCode, Applicant Applicant, string AgencyCode,
    string ReceivingCentre, DateTimeOffset SubmittedAt, DateTimeOffset? DueAt, bool Overdue, List<FeeView> Fees, List<DossierPaymentView> Payments,
    List<HistoryView> History);

public sealed record PaymentView(string Id, string Status, long Amount, string Reference, string DossierCode, string Method, DateTimeOffset CreatedAt);

public sealed record CollectionView(string PaymentId, string Reference, string DossierCode, long Amount, string ReceiptNumber, DateTimeOffset At,
    string PaymentStatus);
