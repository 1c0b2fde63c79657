using System.Net.Http;

namespace MotCua.Grains.Events;

/// <summary>
/// What a failed delivery attempt shows: a fixed code, never the exception's text, which can name internal addresses,
/// ports or certificate details of the receiver's network.
/// </summary>
public static class WebhookDeliveryErrors
{
    public const string AddressNotAllowed = "address_not_allowed";
    public const string NameNotResolved = "name_not_resolved";
    public const string ConnectionFailed = "connection_failed";
    public const string TlsFailed = "tls_failed";
    public const string TimedOut = "timed_out";
    public const string ProtocolError = "protocol_error";

    /// <summary>The code for an exception thrown by an attempt.</summary>
    public static string Classify(Exception exception) => exception switch
    {
        WebhookAddressRefusedException => AddressNotAllowed,
        HttpRequestException { InnerException: WebhookAddressRefusedException } => AddressNotAllowed,
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => NameNotResolved,
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => TlsFailed,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => ConnectionFailed,
        HttpRequestException => ProtocolError,
        _ => TimedOut,
    };
}
