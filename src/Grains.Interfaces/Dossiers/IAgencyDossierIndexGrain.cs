namespace MotCua.Grains.Interfaces.Dossiers;

/// <summary>
/// The list of one agency's dossiers (keyed by agency code), read from the dossier projection the dossier grains keep
/// up to date after their own state writes. Eventually consistent: it lags a dossier by the time its update takes to
/// arrive (normally milliseconds), and a row carries the version (history sequence) it reflects so late or repeated
/// updates never move it back. The dossier grain stays the truth; read it for anything that matters.
/// </summary>
public interface IAgencyDossierIndexGrain : IGrainWithStringKey
{
    /// <summary>One page of the agency's dossiers, most urgent due date first.</summary>
    Task<DossierIndexPage> QueryAsync(DossierIndexQuery query);
}
