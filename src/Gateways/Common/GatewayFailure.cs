namespace MotCua.Gateways;

/// <summary>Why a call to a provider failed, and so whether its outcome is known.</summary>
public enum GatewayFailure
{
    /// <summary>The provider answered with a 4xx: it refused the request and did nothing.</summary>
    Rejected,

    /// <summary>No connection could be made: the request never reached the provider.</summary>
    Unreachable,

    /// <summary>The circuit breaker is open after repeated failures: the request was not sent.</summary>
    CircuitOpen,

    /// <summary>No answer in time. The provider may or may not have acted: the outcome is unknown.</summary>
    Timeout,

    /// <summary>The provider answered 5xx or 409 (still busy with the same key) on every try: the outcome is unknown.</summary>
    ServerError,

    /// <summary>The connection broke after the request may have been sent: the outcome is unknown.</summary>
    ConnectionLost,

    /// <summary>A success answer could not be read: the provider probably acted, but the outcome is unknown.</summary>
    InvalidResponse,
}
