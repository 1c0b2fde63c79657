namespace MotCua.Sandbox.Configuration;

/// <summary>The one merchant account the sandbox knows per provider. <see cref="ToString"/> hides the secrets.</summary>
public sealed class ProviderAccount
{
    /// <summary>Expected in <c>X-Merchant-Id</c>.</summary>
    public string MerchantId { get; set; } = "";

    /// <summary>Expected as <c>Authorization: Bearer</c>.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Signs notifications.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>
    /// The development account: merchant <c>MOTCUA</c>, API key <c>sk_sandbox_{provider}</c>, webhook secret
    /// <c>whsec_sandbox_{provider}</c>. Public on purpose: it guards nothing but the sandbox.
    /// </summary>
    public static ProviderAccount Development(string provider) => new()
    {
        MerchantId = "MOTCUA",
        ApiKey = $"sk_sandbox_{provider}",
        WebhookSecret = $"whsec_sandbox_{provider}",
    };

    /// <inheritdoc />
    public override string ToString() => $"ProviderAccount {{ MerchantId = {MerchantId}, ApiKey = ***, WebhookSecret = *** }}";
}
