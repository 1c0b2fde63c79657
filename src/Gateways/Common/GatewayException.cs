using System.Net;

namespace MotCua.Gateways;

/// <summary>
/// The one exception the gateway clients throw for a failed call. <see cref="OutcomeUnknown"/> tells a caller
/// whether the provider may have acted (timeout, 5xx, lost connection): then the payment must stay
/// <c>processing</c> and be settled by a later status query, never guessed.
/// </summary>
public sealed class GatewayException : Exception
{
    /// <summary>Creates the exception; the message never includes credentials.</summary>
    public GatewayException(
        string provider,
        GatewayFailure failure,
        string message,
        HttpStatusCode? statusCode = null,
        string? providerErrorCode = null,
        string? rawBody = null,
        string? idempotencyKey = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider;
        Failure = failure;
        StatusCode = statusCode;
        ProviderErrorCode = providerErrorCode;
        RawBody = rawBody;
        IdempotencyKey = idempotencyKey;
    }

    /// <summary>The provider called, one of <see cref="GatewayProviders"/>.</summary>
    public string Provider { get; }

    /// <summary>What went wrong.</summary>
    public GatewayFailure Failure { get; }

    /// <summary>The HTTP status of the provider's last answer; <see langword="null"/> when there was none.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The provider's own error code from the answer body, e.g. <c>refund_exceeds_amount</c>.</summary>
    public string? ProviderErrorCode { get; }

    /// <summary>The provider's answer body as received, for diagnosis.</summary>
    public string? RawBody { get; }

    /// <summary>The idempotency key the call carried; retry with it to make a repeat harmless.</summary>
    public string? IdempotencyKey { get; }

    /// <summary>
    /// True when the provider may have acted on the request even though the call failed
    /// (<see cref="GatewayFailure.Timeout"/>, <see cref="GatewayFailure.ServerError"/>,
    /// <see cref="GatewayFailure.ConnectionLost"/>, <see cref="GatewayFailure.InvalidResponse"/>).
    /// </summary>
    public bool OutcomeUnknown => Failure is not (GatewayFailure.Rejected or GatewayFailure.Unreachable or GatewayFailure.CircuitOpen);
}
