namespace MotCua.Gateways.Notifications;

/// <summary>The verdict on a notification's signature header.</summary>
public enum SignatureStatus
{
    /// <summary>Signed with the provider's secret, within the tolerance window.</summary>
    Valid,

    /// <summary>No signature header, or an empty one.</summary>
    Missing,

    /// <summary>The header is not <c>t=&lt;unix seconds&gt;,v1=&lt;64 hex digits&gt;</c>.</summary>
    Malformed,

    /// <summary>No <c>v1</c> matches: forged, tampered with, or signed with another secret.</summary>
    BadSignature,

    /// <summary>Correctly signed, but its timestamp is outside the tolerance window (a replay, or a clock far off, past or future).</summary>
    Stale,
}
