using System.Globalization;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Grains.Events;

/// <summary>What a dossier event means to its agency's figures.</summary>
public static class AgencyStatsRules
{
    private const string Processed = "processed";

    /// <summary>
    /// The change one dossier event makes: its status (when it carries one), the month of submission for
    /// <c>dossier.submitted</c>, and for a change to <c>processed</c> the month of the result and whether it came by the
    /// due date it carried (no due date counts as on time). Null for an event without a dossier.
    /// </summary>
    public static AgencyDossierChange? ChangeOf(DomainEvent domainEvent)
    {
        if (domainEvent.Subject.DossierCode is not { } code)
        {
            return null;
        }

        var submitted = domainEvent.Type == EventTypes.DossierSubmitted ? Month(domainEvent.OccurredAt) : null;
        var finished = domainEvent.Type == EventTypes.DossierStatusChanged && domainEvent.Subject.Status == Processed;
        return new AgencyDossierChange(
            code,
            domainEvent.Sequence,
            domainEvent.Subject.Status,
            submitted,
            finished ? Month(domainEvent.OccurredAt) : null,
            finished ? domainEvent.Subject.DueAt is not { } due || domainEvent.OccurredAt <= due : null,
            domainEvent.OccurredAt);
    }

    /// <summary>The Vietnam month of an instant, <c>yyyy-MM</c>.</summary>
    public static string Month(DateTimeOffset at) => at.ToVietnam().ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
