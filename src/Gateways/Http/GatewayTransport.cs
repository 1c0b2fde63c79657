using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace MotCua.Gateways.Http;

/// <summary>
/// Builds, sends and reads one provider's calls: credentials, idempotency key, JSON, and turning every failure
/// into a <see cref="GatewayException"/>. It never retries: that is the handler pipeline's one job.
/// </summary>
internal sealed class GatewayTransport
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string MerchantIdHeader = "X-Merchant-Id";

    /// <summary>camelCase JSON; a missing or null required member makes an answer unreadable rather than half-read.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private readonly HttpClient http;
    private readonly GatewayOptions options;
    private readonly Uri baseUrl;
    private readonly string provider;
    private readonly Func<JsonElement, ProviderError> readError;

    public GatewayTransport(HttpClient http, GatewayOptions options, string provider, Func<JsonElement, ProviderError> readError)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Gateway options for {provider} are incomplete: {string.Join(" ", problems)}", nameof(options));
        }

        this.http = http;
        this.options = options;
        this.provider = provider;
        this.readError = readError;
        var root = options.BaseUrl!.AbsoluteUri;
        baseUrl = new Uri(root.EndsWith('/') ? root : root + "/");
    }

    /// <summary>A GET; <paramref name="operation"/> (the calling client method) names it in metrics and traces.</summary>
    public Task<TResult> GetAsync<TWire, TResult>(string path, Func<TWire, TResult> map, RequestOptions? requestOptions, CancellationToken ct,
        [CallerMemberName] string operation = "") =>
        MeasureAsync(HttpMethod.Get, path, body: null, map, requestOptions, operation, ct);

    /// <summary>A POST; <paramref name="operation"/> (the calling client method) names it in metrics and traces.</summary>
    public Task<TResult> PostAsync<TWire, TResult>(string path, object body, Func<TWire, TResult> map, RequestOptions? requestOptions, CancellationToken ct,
        [CallerMemberName] string operation = "") =>
        MeasureAsync(HttpMethod.Post, path, body, map, requestOptions, operation, ct);

    /// <summary>
    /// One call as the caller sees it, retries included: a span (source <c>MotCua</c>) around the HTTP tries, and the
    /// latency and error metrics of <see cref="GatewayMetrics"/>. The path is not tagged: it carries references.
    /// </summary>
    private async Task<TResult> MeasureAsync<TWire, TResult>(
        HttpMethod method, string path, object? body, Func<TWire, TResult> map, RequestOptions? requestOptions, string operation, CancellationToken ct)
    {
        var name = GatewayMetrics.Operation(operation);
        using var activity = GatewayMetrics.Source.StartActivity($"gateway {provider} {name}", ActivityKind.Internal);
        activity?.SetTag("motcua.gateway.provider", provider);
        activity?.SetTag("motcua.gateway.operation", name);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await SendAsync(method, path, body, map, requestOptions, ct);
            GatewayMetrics.Record(provider, name, started, failure: null);
            return result;
        }
        catch (GatewayException e)
        {
            GatewayMetrics.Record(provider, name, started, e.Failure);
            activity?.SetStatus(ActivityStatusCode.Error, GatewayMetrics.Name(e.Failure));
            throw;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            GatewayMetrics.Record(provider, name, started, failure: null, cancelled: true);
            throw;
        }
    }

    private async Task<TResult> SendAsync<TWire, TResult>(
        HttpMethod method, string path, object? body, Func<TWire, TResult> map, RequestOptions? requestOptions, CancellationToken ct)
    {
        var key = method == HttpMethod.Post ? requestOptions?.IdempotencyKey ?? Guid.NewGuid().ToString("N") : null;
        var log = new AttemptLog();
        using var request = CreateRequest(method, path, body, requestOptions, key);
        request.Options.Set(AttemptLog.Key, log);

        HttpStatusCode status;
        string raw;
        try
        {
            using var response = await http.SendAsync(request, ct);
            status = response.StatusCode;
            raw = await response.Content.ReadAsStringAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && FailureClassifier.Classify(e) is { } failure)
        {
            throw TransportFailure(method, path, failure, log, key, e);
        }

        if (FailureClassifier.Classify(status) is { } httpFailure)
        {
            throw ErrorAnswer(method, path, httpFailure, status, raw, log, key);
        }

        try
        {
            var wire = JsonSerializer.Deserialize<TWire>(raw, Json) ?? throw new JsonException("The answer is JSON null.");
            return map(wire);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new GatewayException(provider, GatewayFailure.InvalidResponse,
                $"{provider}: {method} {path} answered {(int)status} with a body that could not be read: {e.Message}",
                status, rawBody: raw, idempotencyKey: key, innerException: e);
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path, object? body, RequestOptions? requestOptions, string? key)
    {
        var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", requestOptions?.ApiKey ?? options.ApiKey);
        request.Headers.Add(MerchantIdHeader, requestOptions?.MerchantId ?? options.MerchantId);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (key is not null)
        {
            request.Headers.Add(IdempotencyKeyHeader, key);
        }

        if (body is not null)
        {
            // Bytes, not a lazily serialized stream: every retry sends exactly the same body.
            request.Content = new StringContent(JsonSerializer.Serialize(body, body.GetType(), Json), Encoding.UTF8, "application/json");
        }

        return request;
    }

    private GatewayException TransportFailure(HttpMethod method, string path, GatewayFailure failure, AttemptLog log, string? key, Exception e)
    {
        // A last try that could not connect does not undo an earlier try that may have reached the provider.
        var earlier = failure is GatewayFailure.Unreachable or GatewayFailure.CircuitOpen ? log.FirstUncertainFailure : null;
        var reported = earlier ?? failure;
        var detail = earlier is null ? Describe(failure) : $"{Describe(failure)}; an earlier try {Describe(reported)}";
        return new GatewayException(provider, reported,
            $"{provider}: {method} {path} failed after {Tries(log)}: {detail}.",
            idempotencyKey: key, innerException: e);
    }

    private GatewayException ErrorAnswer(HttpMethod method, string path, GatewayFailure failure, HttpStatusCode status, string raw, AttemptLog log, string? key)
    {
        var error = ReadError(raw);
        return new GatewayException(provider, failure,
            $"{provider}: {method} {path} answered {(int)status} {error.Code ?? "(no code)"} after {Tries(log)}: {error.Message}",
            status, error.Code, raw, key);
    }

    private ProviderError ReadError(string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            return readError(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return default;
        }
    }

    private static string Tries(AttemptLog log) => log.Attempts <= 1 ? "1 try" : $"{log.Attempts} tries";

    private static string Describe(GatewayFailure failure) => failure switch
    {
        GatewayFailure.CircuitOpen => "the circuit breaker is open",
        GatewayFailure.Timeout => "timed out, the outcome is unknown",
        GatewayFailure.Unreachable => "could not connect",
        GatewayFailure.ConnectionLost => "lost the connection, the outcome is unknown",
        _ => failure.ToString(),
    };
}
