namespace MotCua.Grains.Interfaces.Dossiers;

/// <summary>
/// The generation of one dossier's public status link, keyed by the dossier code. A token is honoured only for the
/// current generation, so reissuing revokes every slip printed before.
/// </summary>
public interface IStatusLinkGrain : IGrainWithStringKey
{
    /// <summary>The current generation (0 until the first reissue).</summary>
    Task<int> GetGenerationAsync();

    /// <summary>Moves the generation on once per operation id and answers the new one; a retried operation gets the same.</summary>
    Task<int> ReissueAsync(string operationId);
}
