using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Access;

namespace MotCua.Grains.Access;

/// <summary>
/// One issued API key: the SHA-256 of its secret (never the secret), its role and binding, who issued it and
/// whether it is revoked. After each change it updates the operators' directory; a retry repeats that update.
/// </summary>
[GrainType("api-key")]
public sealed class ApiKeyGrain(
    [PersistentState(StateNames.ApiKey, StorageNames.Default)] IPersistentState<ApiKeyState> store,
    TimeProvider time) : Grain, IApiKeyGrain
{
    public async Task<IssueApiKeyResult> IssueAsync(IssueApiKey command)
    {
        var state = store.State;
        if (state.SecretSha256 is not null)
        {
            if (state.Fingerprint != command.Fingerprint)
            {
                return new IssueApiKeyResult(IssueDecision.Mismatch, null);
            }

            await UpdateDirectoryAsync();
            return new IssueApiKeyResult(IssueDecision.AlreadyIssued, Summary());
        }

        state.Fingerprint = command.Fingerprint;
        state.SecretSha256 = command.SecretSha256;
        state.Role = command.Role;
        state.AgencyCode = command.AgencyCode;
        state.ChannelId = command.ChannelId;
        state.Label = command.Label;
        state.IssuedAt = time.GetUtcNow();
        state.IssuedBy = command.Actor.KeyId;
        await store.WriteStateAsync();
        await UpdateDirectoryAsync();
        return new IssueApiKeyResult(IssueDecision.Issued, Summary());
    }

    public async Task<ApiKeySummary> RevokeAsync(RevokeApiKey command)
    {
        if (store.State.SecretSha256 is null)
        {
            throw Interfaces.Common.DomainException.NotFound("API key", this.GetPrimaryKeyString());
        }

        if (store.State.RevokedAt is null)
        {
            store.State.RevokedAt = time.GetUtcNow();
            store.State.RevokedBy = command.Actor.KeyId;
            store.State.RevokeReason = command.Reason;
            await store.WriteStateAsync();
        }

        await UpdateDirectoryAsync();
        return Summary();
    }

    public Task<ApiKeyCredential?> GetCredentialAsync()
    {
        var state = store.State;
        return Task.FromResult(state.SecretSha256 is null
            ? null
            : new ApiKeyCredential(this.GetPrimaryKeyString(), state.SecretSha256, state.Role!, state.AgencyCode, state.ChannelId,
                state.RevokedAt is not null));
    }

    public Task<ApiKeySummary?> GetSummaryAsync() =>
        Task.FromResult(store.State.SecretSha256 is null ? null : Summary());

    private Task UpdateDirectoryAsync() =>
        GrainFactory.GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key).UpsertAsync(Summary());

    private ApiKeySummary Summary()
    {
        var state = store.State;
        return new ApiKeySummary(this.GetPrimaryKeyString(), state.Role!, state.AgencyCode, state.ChannelId, state.Label,
            state.IssuedAt, state.IssuedBy!, state.RevokedAt, state.RevokedBy, state.RevokeReason);
    }
}

/// <summary>The stored key: a hash, never the secret.</summary>
[GenerateSerializer, Alias("motcua.api-key-state")]
public sealed class ApiKeyState
{
    [Id(0)] public string? Fingerprint { get; set; }
    [Id(1)] public string? SecretSha256 { get; set; }
    [Id(2)] public string? Role { get; set; }
    [Id(3)] public string? AgencyCode { get; set; }
    [Id(4)] public string? ChannelId { get; set; }
    [Id(5)] public string? Label { get; set; }
    [Id(6)] public DateTimeOffset IssuedAt { get; set; }
    [Id(7)] public string? IssuedBy { get; set; }
    [Id(8)] public DateTimeOffset? RevokedAt { get; set; }
    [Id(9)] public string? RevokedBy { get; set; }
    [Id(10)] public string? RevokeReason { get; set; }
}
