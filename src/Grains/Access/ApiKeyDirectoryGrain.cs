using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Access;

namespace MotCua.Grains.Access;

/// <summary>
/// The operators' list of issued keys. Written only when a key is issued or revoked and read only by the list
/// route: authentication goes to each key's own grain, never here.
/// </summary>
[GrainType("api-key-directory")]
public sealed class ApiKeyDirectoryGrain(
    [PersistentState(StateNames.ApiKeyDirectory, StorageNames.Default)] IPersistentState<ApiKeyDirectoryState> store)
    : Grain, IApiKeyDirectoryGrain
{
    public async Task UpsertAsync(ApiKeySummary summary)
    {
        if (store.State.Keys.TryGetValue(summary.KeyId, out var known) && known == summary)
        {
            return;
        }

        store.State.Keys[summary.KeyId] = summary;
        await store.WriteStateAsync();
    }

    public Task<IReadOnlyList<ApiKeySummary>> ListAsync() =>
        Task.FromResult<IReadOnlyList<ApiKeySummary>>(store.State.Keys.Values
            .OrderByDescending(k => k.IssuedAt).ThenBy(k => k.KeyId, StringComparer.Ordinal).ToList());
}

/// <summary>Summaries of every issued key by key id.</summary>
[GenerateSerializer, Alias("motcua.api-key-directory-state")]
public sealed class ApiKeyDirectoryState
{
    [Id(0)] public Dictionary<string, ApiKeySummary> Keys { get; set; } = new(StringComparer.Ordinal);
}
