namespace MotCua.Gateways.Http;

/// <summary>
/// What the tries of one call did, kept on the request so the client can tell, after the retry layer gave up,
/// whether any try may have reached the provider (a later "connection refused" does not undo an earlier timeout).
/// </summary>
internal sealed class AttemptLog
{
    /// <summary>Where the log travels on the request.</summary>
    public static readonly HttpRequestOptionsKey<AttemptLog> Key = new("MotCua.Gateways.AttemptLog");

    private int attempts;
    private int uncertainFailure = -1;

    /// <summary>How many tries went out.</summary>
    public int Attempts => Volatile.Read(ref attempts);

    /// <summary>The first failure of a try that may have reached the provider, if any.</summary>
    public GatewayFailure? FirstUncertainFailure => Volatile.Read(ref uncertainFailure) is var f and >= 0 ? (GatewayFailure)f : null;

    /// <summary>Records one try; <paramref name="failure"/> is null for an answer that was not a failure.</summary>
    public void Record(GatewayFailure? failure)
    {
        Interlocked.Increment(ref attempts);
        if (failure is { } f && IsUncertain(f))
        {
            Interlocked.CompareExchange(ref uncertainFailure, (int)f, -1);
        }
    }

    private static bool IsUncertain(GatewayFailure failure) =>
        failure is GatewayFailure.Timeout or GatewayFailure.ServerError or GatewayFailure.ConnectionLost;
}
