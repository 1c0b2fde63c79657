using MotCua.Grains.Interfaces.Common;

namespace MotCua.Grains.Interfaces.Access;

/// <summary>
/// Issue an API key: only the SHA-256 of its secret is kept. <see cref="Fingerprint"/> identifies the request that
/// issued it, so a retry of the same request is recognised without the secret.
/// </summary>
[GenerateSerializer, Immutable, Alias("motcua.issue-api-key")]
public sealed record IssueApiKey(
    [property: Id(0)] Actor Actor,
    [property: Id(1)] string Fingerprint,
    [property: Id(2)] string SecretSha256,
    [property: Id(3)] string Role,
    [property: Id(4)] string? AgencyCode,
    [property: Id(5)] string? ChannelId,
    [property: Id(6)] string? Label);

/// <summary>Revoke an API key; from then on it is refused (see the API's cache bound).</summary>
[GenerateSerializer, Immutable, Alias("motcua.revoke-api-key")]
public sealed record RevokeApiKey(
    [property: Id(0)] Actor Actor,
    [property: Id(1)] string? Reason);

/// <summary>What an issue request became.</summary>
public enum IssueDecision
{
    /// <summary>The key was issued now: the caller shows the secret once.</summary>
    Issued = 0,
    /// <summary>This very request was already served: the secret was shown then and cannot be shown again.</summary>
    AlreadyIssued = 1,
    /// <summary>The key id is taken by a different request.</summary>
    Mismatch = 2,
}

/// <summary>An issued key as an operator sees it: never the secret nor its hash.</summary>
[GenerateSerializer, Immutable, Alias("motcua.api-key-summary")]
public sealed record ApiKeySummary(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Role,
    [property: Id(2)] string? AgencyCode,
    [property: Id(3)] string? ChannelId,
    [property: Id(4)] string? Label,
    [property: Id(5)] DateTimeOffset IssuedAt,
    [property: Id(6)] string IssuedBy,
    [property: Id(7)] DateTimeOffset? RevokedAt,
    [property: Id(8)] string? RevokedBy,
    [property: Id(9)] string? RevokeReason);

/// <summary>The answer to <see cref="IApiKeyGrain.IssueAsync"/>.</summary>
[GenerateSerializer, Immutable, Alias("motcua.issue-api-key-result")]
public sealed record IssueApiKeyResult(
    [property: Id(0)] IssueDecision Decision,
    [property: Id(1)] ApiKeySummary? Key);

/// <summary>What the API needs to authenticate a presented key: the stored hash, the binding, and whether it is revoked.</summary>
[GenerateSerializer, Immutable, Alias("motcua.api-key-credential")]
public sealed record ApiKeyCredential(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string SecretSha256,
    [property: Id(2)] string Role,
    [property: Id(3)] string? AgencyCode,
    [property: Id(4)] string? ChannelId,
    [property: Id(5)] bool Revoked);
