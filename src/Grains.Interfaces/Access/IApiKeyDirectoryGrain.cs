namespace MotCua.Grains.Interfaces.Access;

/// <summary>
/// The list of issued keys for operators (key <see cref="Key"/>). Only issuing, revoking and listing touch it;
/// authentication never does.
/// </summary>
public interface IApiKeyDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The one directory's key.</summary>
    const string Key = "keys";

    /// <summary>Records a key's latest summary (idempotent).</summary>
    Task UpsertAsync(ApiKeySummary summary);

    /// <summary>Every key, newest first.</summary>
    Task<IReadOnlyList<ApiKeySummary>> ListAsync();
}
