using System.Text;

namespace MotCua.Gateways;

/// <summary>
/// Transport settings for one call, as opposed to the operation's own options: the idempotency key and
/// credentials that override the configured ones (e.g. a centre with its own merchant account).
/// </summary>
public sealed record RequestOptions
{
    /// <summary>
    /// Sent as <c>Idempotency-Key</c> on every POST and reused unchanged on every retry. When absent, the client
    /// makes one per call; pass your own (e.g. the payment's operation id) to make retries across process restarts safe.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Overrides <see cref="GatewayOptions.ApiKey"/> for this call. Sensitive.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Overrides <see cref="GatewayOptions.MerchantId"/> for this call.</summary>
    public string? MerchantId { get; init; }

    // The generated ToString would print the API key.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("IdempotencyKey = ").Append(IdempotencyKey)
            .Append(", ApiKey = ").Append(ApiKey is null ? "" : Redaction.Redact(ApiKey))
            .Append(", MerchantId = ").Append(MerchantId);
        return true;
    }
}
