namespace MotCua.Gateways;

/// <summary>
/// How to reach one provider and the credentials MotCua holds there, bound from
/// configuration (<c>Gateways:Bank</c>, <c>Gateways:ViettelPay</c>, <c>Gateways:VnptPay</c>).
/// <see cref="ToString"/> never prints <see cref="ApiKey"/> or <see cref="WebhookSecret"/>.
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>The provider's API root, e.g. <c>https://sandbox.example/viettelpay/</c>; operation paths are relative to it.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>MotCua's merchant id at the provider, sent as <c>X-Merchant-Id</c>.</summary>
    public string MerchantId { get; set; } = "";

    /// <summary>Secret API key, sent as <c>Authorization: Bearer</c>. Sensitive.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Secret the provider signs its notifications with. Sensitive.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Retries, timeouts and circuit breaker for calls to this provider.</summary>
    public GatewayResilienceOptions Resilience { get; set; } = new();

    /// <summary>Problems that make these options unusable, empty when they are complete.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BaseUrl is not { IsAbsoluteUri: true })
        {
            problems.Add("BaseUrl must be an absolute URL.");
        }

        if (string.IsNullOrWhiteSpace(MerchantId))
        {
            problems.Add("MerchantId is required.");
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            problems.Add("ApiKey is required.");
        }

        if (string.IsNullOrWhiteSpace(WebhookSecret))
        {
            problems.Add("WebhookSecret is required.");
        }

        problems.AddRange(Resilience.Validate());
        return problems;
    }

    /// <summary>The options with secrets redacted.</summary>
    public override string ToString() =>
        $"GatewayOptions {{ BaseUrl = {BaseUrl}, MerchantId = {MerchantId}, ApiKey = {Redaction.Redact(ApiKey)}, " +
        $"WebhookSecret = {Redaction.Redact(WebhookSecret)} }}";
}
