namespace MotCua.Gateways.VnptPay;

/// <summary>Open a VNPT Pay order the citizen pays at the checkout page.</summary>
public sealed record VnptPayCreateOptions
{
    /// <summary>MotCua's order id (the payment id), unique per merchant.</summary>
    public required string MerchantOrderId { get; init; }

    /// <summary>Whole đồng.</summary>
    public required long Amount { get; init; }

    /// <summary>What is paid for, shown at checkout.</summary>
    public required string OrderInfo { get; init; }

    /// <summary>Where checkout sends the citizen back after paying.</summary>
    public Uri? ReturnUrl { get; init; }
}

/// <summary>Which VNPT Pay order to look up.</summary>
public sealed record VnptPayStatusOptions
{
    /// <summary>MotCua's order id.</summary>
    public required string MerchantOrderId { get; init; }
}

/// <summary>Give (part of) a paid VNPT Pay order back.</summary>
public sealed record VnptPayRefundOptions
{
    /// <summary>MotCua's order id of the paid order.</summary>
    public required string MerchantOrderId { get; init; }

    /// <summary>Whole đồng, at most what is left of the order.</summary>
    public required long Amount { get; init; }

    /// <summary>Why.</summary>
    public required string Reason { get; init; }
}
