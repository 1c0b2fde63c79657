namespace MotCua.Grains.Interfaces.Access;

/// <summary>
/// One issued API key, keyed by its public key id (the part of the key before the secret). Authentication reads
/// exactly this grain for the key presented, so no registry sits on the request path.
/// </summary>
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Stores the key's hash and binding, once; a retry of the same request is recognised by its fingerprint.</summary>
    Task<IssueApiKeyResult> IssueAsync(IssueApiKey command);

    /// <summary>Revokes the key (idempotent: a second revocation keeps the first one's time and reason).</summary>
    Task<ApiKeySummary> RevokeAsync(RevokeApiKey command);

    /// <summary>The stored hash and binding, or null if no key has this id.</summary>
    Task<ApiKeyCredential?> GetCredentialAsync();

    /// <summary>The key as an operator sees it, or null if no key has this id.</summary>
    Task<ApiKeySummary?> GetSummaryAsync();
}
