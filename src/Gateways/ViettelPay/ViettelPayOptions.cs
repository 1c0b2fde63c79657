namespace MotCua.Gateways.ViettelPay;

/// <summary>Open a ViettelPay payment the citizen completes in the wallet.</summary>
public sealed record ViettelPayCreateOptions
{
    /// <summary>MotCua's order id (the payment id), unique per merchant.</summary>
    public required string OrderId { get; init; }

    /// <summary>Whole đồng.</summary>
    public required long Amount { get; init; }

    /// <summary>What is paid for, shown in the wallet.</summary>
    public required string Description { get; init; }

    /// <summary>Where the wallet sends the citizen back after paying.</summary>
    public Uri? ReturnUrl { get; init; }
}

/// <summary>Which ViettelPay payment to look up.</summary>
public sealed record ViettelPayStatusOptions
{
    /// <summary>MotCua's order id.</summary>
    public required string OrderId { get; init; }
}

/// <summary>Give (part of) a ViettelPay payment back.</summary>
public sealed record ViettelPayRefundOptions
{
    /// <summary>MotCua's order id of the paid payment.</summary>
    public required string OrderId { get; init; }

    /// <summary>Whole đồng, at most what is left of the payment.</summary>
    public required long Amount { get; init; }

    /// <summary>Why.</summary>
    public required string Reason { get; init; }
}
