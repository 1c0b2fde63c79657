namespace MotCua.Gateways;

/// <summary>A provider's view of a payment, mapped from each provider's own vocabulary.</summary>
public enum GatewayPaymentStatus
{
    /// <summary>Created, the citizen has not paid yet.</summary>
    Pending,

    /// <summary>The money was received.</summary>
    Succeeded,

    /// <summary>The attempt failed; no money moved.</summary>
    Failed,

    /// <summary>Received, and part of it refunded.</summary>
    PartiallyRefunded,

    /// <summary>Received, and all of it refunded.</summary>
    Refunded,
}
