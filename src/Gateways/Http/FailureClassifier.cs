using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MotCua.Gateways.Http;

/// <summary>
/// The single place that decides what a try's result means: whether it failed, whether the provider may have
/// acted, and whether the retry layer may try again.
/// </summary>
internal static class FailureClassifier
{
    /// <summary>The failure an HTTP status means; null for success.</summary>
    public static GatewayFailure? Classify(HttpStatusCode status) => (int)status switch
    {
        >= 200 and <= 299 => null,
        409 or >= 500 => GatewayFailure.ServerError,
        _ => GatewayFailure.Rejected,
    };

    /// <summary>The failure an exception means; null when it is not a transport failure (a bug, or the caller cancelling).</summary>
    public static GatewayFailure? Classify(Exception exception) => exception switch
    {
        BrokenCircuitException => GatewayFailure.CircuitOpen,
        TimeoutRejectedException => GatewayFailure.Timeout,
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError }
            => GatewayFailure.Unreachable,
        HttpRequestException => GatewayFailure.ConnectionLost,
        OperationCanceledException { InnerException: TimeoutException } => GatewayFailure.Timeout,
        _ => null,
    };

    /// <summary>
    /// Whether the retry layer may try again: connection errors, a try that timed out, 409 and 5xx. Never other 4xx,
    /// and never while the breaker is open. Safe because every POST carries the same idempotency key on each try.
    /// </summary>
    public static bool IsRetryable(HttpResponseMessage? response, Exception? exception) =>
        exception is null
            ? response is not null && Classify(response.StatusCode) == GatewayFailure.ServerError
            : Classify(exception) is GatewayFailure.Unreachable or GatewayFailure.ConnectionLost or GatewayFailure.Timeout;
}
