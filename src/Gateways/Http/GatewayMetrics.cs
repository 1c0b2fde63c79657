using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MotCua.Gateways.Http;

/// <summary>
/// Latency and errors of calls to the payment providers, on MotCua's meter (<c>MotCua</c>), with
/// System.Diagnostics.Metrics only (this library has no Orleans or OpenTelemetry dependency; the host's OpenTelemetry
/// picks the meter up by name). One measurement per client call, retries included: what the caller waited for.
/// Prometheus names: <c>motcua_gateway_duration_seconds</c> (histogram) and <c>motcua_gateway_errors_total</c>.
/// </summary>
internal static class GatewayMetrics
{
    /// <summary>MotCua's meter name.</summary>
    public const string MeterName = "MotCua";

    /// <summary>The <c>outcome</c> of a call that answered as asked.</summary>
    public const string Success = "success";

    /// <summary>The <c>outcome</c> of a call its caller cancelled.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>MotCua's activity source: one span per gateway call, around its HTTP tries.</summary>
    public static readonly ActivitySource Source = new(MeterName);

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "motcua.gateway.duration", "s", "Time of one call to a payment provider, retries included, by provider, operation and outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    private static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "motcua.gateway.errors", "{error}", "Calls to a payment provider that failed, by provider, operation and failure.");

    /// <summary>Records one finished call: <paramref name="failure"/> is null for success.</summary>
    public static void Record(string provider, string operation, long startedAt, GatewayFailure? failure, bool cancelled = false)
    {
        var outcome = cancelled ? Cancelled : failure is { } f ? Name(f) : Success;
        Duration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds,
            new TagList { { "provider", provider }, { "operation", operation }, { "outcome", outcome } });
        if (failure is { } failed)
        {
            Errors.Add(1, new TagList { { "provider", provider }, { "operation", operation }, { "failure", Name(failed) } });
        }
    }

    /// <summary>The snake_case name of a failure, as tagged: <c>rejected</c>, <c>server_error</c>, <c>circuit_open</c>...</summary>
    public static string Name(GatewayFailure failure) => failure switch
    {
        GatewayFailure.Rejected => "rejected",
        GatewayFailure.Unreachable => "unreachable",
        GatewayFailure.CircuitOpen => "circuit_open",
        GatewayFailure.Timeout => "timeout",
        GatewayFailure.ServerError => "server_error",
        GatewayFailure.ConnectionLost => "connection_lost",
        GatewayFailure.InvalidResponse => "invalid_response",
        _ => failure.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// The operation tag from the client method's name: <c>CreateAsync</c> → <c>create</c>, <c>GetStatementAsync</c> →
    /// <c>get_statement</c>.
    /// </summary>
    public static string Operation(string memberName)
    {
        var name = memberName.EndsWith("Async", StringComparison.Ordinal) ? memberName[..^5] : memberName;
        if (name.Length == 0)
        {
            return "unknown";
        }

        var text = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
