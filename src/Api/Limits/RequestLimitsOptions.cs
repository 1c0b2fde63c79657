namespace MotCua.Api.Limits;

/// <summary>Limits on what one caller may ask of an API node (configuration section <c>MotCua:Limits</c>).</summary>
public sealed class RequestLimitsOptions
{
    public const string Section = "MotCua:Limits";

    /// <summary>Requests one API key may make in a burst (token bucket size), per API node.</summary>
    public int PermitsPerKey { get; set; } = 200;

    /// <summary>Requests per second one API key regains, per API node.</summary>
    public int PermitsPerKeyPerSecond { get; set; } = 100;

    /// <summary>Burst of requests without a valid key, per client address (their answer is 401 anyway).</summary>
    public int AnonymousPermits { get; set; } = 20;

    /// <summary>Requests per second without a valid key regained per client address.</summary>
    public int AnonymousPermitsPerSecond { get; set; } = 5;

    /// <summary>
    /// Burst of signed gateway notifications per provider (they carry no key: a bank posts every transfer of a busy
    /// morning from one address). Forgeries cost a signature check each and change nothing.
    /// </summary>
    public int GatewayNotificationPermits { get; set; } = 1000;

    /// <summary>Gateway notifications per second regained per provider.</summary>
    public int GatewayNotificationPermitsPerSecond { get; set; } = 500;

    /// <summary>Burst of console files and health probes per client address (no key needed for those).</summary>
    public int StaticPermits { get; set; } = 500;

    /// <summary>Console files and health probes per second regained per client address.</summary>
    public int StaticPermitsPerSecond { get; set; } = 200;

    /// <summary>The largest request body accepted, in bytes (64 KiB): every MotCua body is a few hundred bytes.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How long a request may run before it is answered 504 (seconds).</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;
}
