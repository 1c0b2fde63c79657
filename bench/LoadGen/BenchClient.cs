using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MotCua.Bench.LoadGen;

/// <summary>A call that did not give the expected answer: the HTTP status and the problem's <c>code</c>, if any.</summary>
public sealed class BenchFailure(string step, int status, string code) : Exception($"{step}: HTTP {status} {code}")
{
    /// <summary>The step and the error, as counted in the results (e.g. <c>collect:409:float_limit_exceeded</c>).</summary>
    public string Key { get; } = $"{step}:{status}:{code}";
}

/// <summary>What a cash payment needs at the counter.</summary>
public sealed record CashPayment(string Id, string Reference, long Amount);

/// <summary>
/// The HTTP calls of the fee lifecycle, exactly as the README's walk-through makes them (same routes, bodies, keys and
/// <c>Idempotency-Key</c> on every POST). The same calls drive MotCua and the conventional baseline, which serves the same
/// routes.
/// </summary>
public sealed class BenchClient
{
    public const string PortalKey = "dev-portal";
    public const string OfficerKey = "dev-officer-SXD";
    public const string OperatorKey = "dev-operator";
    public const long FeeAmount = 75_000;

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient _http;
    private readonly string _runId;
    private readonly int _agents;
    private readonly int _centres;
    private long _sequence;
    private long _agentTurn;

    public BenchClient(Uri baseAddress, int agents, int centres)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 4096,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _runId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..10];
        _agents = agents;
        _centres = centres;
    }

    /// <summary>Per-step latencies, recorded only while <see cref="Recording"/> is set.</summary>
    public LatencyRecorder Steps { get; } = new();

    public bool Recording { get; set; }

    /// <summary>The secret of bench agent <paramref name="index"/> (configured on the server as a SHA-256 hash).</summary>
    public static string AgentSecret(int index) => $"bench-agent-{index:D4}";

    /// <summary>The channel bench agent <paramref name="index"/> is bound to.</summary>
    public static string AgentChannel(int index) => $"vnpost:BENCH-{index:D4}";

    public async Task<string> FileAsync()
    {
        var n = Interlocked.Increment(ref _sequence);
        var centre = $"BENCH-C{n % _centres:D3}";
        // 001 (Hà Nội) is a valid province of birth registration; the API checks the first three digits.
        var citizen = "001" + Random.Shared.NextInt64(1_000_000_000L).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        var body = $$$"""{"procedureCode":"SXD-XD-001","agencyCode":"SXD","receivingCentre":"{{{centre}}}","applicant":{"citizenId":"{{{citizen}}}","fullName":"Nguyễn Văn An"}}""";
        using var doc = await SendAsync("file", HttpMethod.Post, "/v1/dossiers", PortalKey, body, HttpStatusCode.Created);
        return doc.RootElement.GetProperty("code").GetString()!;
    }

    public async Task AcceptAsync(string code)
    {
        using var _ = await SendAsync("accept", HttpMethod.Post, $"/v1/dossiers/{code}/accept", OfficerKey, null, HttpStatusCode.OK);
    }

    public async Task RequestPaymentAsync(string code)
    {
        const string body = """{"items":[{"kind":"charge","name":"Lệ phí cấp giấy phép xây dựng","amount":75000}]}""";
        using var doc = await SendAsync("request-payment", HttpMethod.Post, $"/v1/dossiers/{code}/request-payment", OfficerKey, body,
            HttpStatusCode.OK);
        Expect("request-payment", doc, "status", "payment_requested");
    }

    public async Task<CashPayment> CreateCashPaymentAsync(string code)
    {
        var body = $$"""{"dossierCode":"{{code}}","method":"cash"}""";
        using var doc = await SendAsync("create-payment", HttpMethod.Post, "/v1/payments", PortalKey, body, HttpStatusCode.Created);
        var root = doc.RootElement;
        return new CashPayment(root.GetProperty("id").GetString()!, root.GetProperty("reference").GetString()!,
            root.GetProperty("amount").GetInt64());
    }

    /// <summary>An agent collects the cash; agents take turns so no one agent's float fills up.</summary>
    public async Task<long> CollectAsync(CashPayment payment)
    {
        var agent = (int)(Interlocked.Increment(ref _agentTurn) % _agents);
        var body = $$"""{"reference":"{{payment.Reference}}","amount":{{payment.Amount}},"receiptNumber":"BL-{{payment.Reference}}"}""";
        using var doc = await SendAsync("collect", HttpMethod.Post, $"/v1/channels/{AgentChannel(agent)}/collections", AgentSecret(agent), body,
            HttpStatusCode.Created);
        return payment.Amount;
    }

    /// <summary>Reads a dossier back; with <paramref name="expectedStatus"/> set, anything else is a failure.</summary>
    public async Task ReadDossierAsync(string code, string? expectedStatus, string pathPrefix = "/v1/dossiers/")
    {
        using var doc = await SendAsync("read", HttpMethod.Get, pathPrefix + code, PortalKey, null, HttpStatusCode.OK);
        if (expectedStatus is not null)
        {
            Expect("read", doc, "status", expectedStatus);
        }
    }

    public async Task<JsonDocument> GetAsync(string path, string key) =>
        await SendAsync("get", HttpMethod.Get, path, key, null, HttpStatusCode.OK);

    private static void Expect(string step, JsonDocument doc, string property, string value)
    {
        var actual = doc.RootElement.TryGetProperty(property, out var p) ? p.GetString() : null;
        if (actual != value)
        {
            throw new BenchFailure(step, 200, $"unexpected_{property}_{actual}");
        }
    }

    private async Task<JsonDocument> SendAsync(string step, HttpMethod method, string path, string key, string? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (method == HttpMethod.Post)
        {
            request.Headers.Add("Idempotency-Key", $"{_runId}-{Interlocked.Increment(ref _sequence)}");
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body ?? ""));
            if (body is not null)
            {
                request.Content.Headers.ContentType = Json;
            }
        }

        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        }
        catch (HttpRequestException ex)
        {
            throw new BenchFailure(step, 0, ex.HttpRequestError.ToString());
        }
        catch (TaskCanceledException)
        {
            throw new BenchFailure(step, 0, "timeout");
        }

        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync();
            if (Recording)
            {
                Steps.Record(step, Stopwatch.GetElapsedTime(started));
            }

            if (response.StatusCode != expected)
            {
                var code = "none";
                try
                {
                    using var problem = JsonDocument.Parse(bytes);
                    if (problem.RootElement.TryGetProperty("code", out var c))
                    {
                        code = c.GetString() ?? "none";
                    }
                }
                catch (JsonException)
                {
                    // Not problem+json: counted by status only.
                }

                throw new BenchFailure(step, (int)response.StatusCode, code);
            }

            return JsonDocument.Parse(bytes);
        }
    }
}
