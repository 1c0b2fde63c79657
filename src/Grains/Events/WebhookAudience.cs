using MotCua.Grains.Interfaces.Events;

namespace MotCua.Grains.Events;

/// <summary>
/// Who may receive an event: an operator's endpoint everything; a portal's endpoint only events of the dossiers and
/// payments its key created (the key of the source's first history entry), or of the agencies that
/// <see cref="WebhookOptions.Grants"/> names for that key (for example a province's agencies). Wallet and channel events
/// go to operators only.
/// </summary>
public static class WebhookAudience
{
    /// <summary>True if the source's events can reach a portal at all (only dossiers and payments have a creator).</summary>
    public static bool HasCreator(DomainEvent domainEvent) =>
        domainEvent.Source.StartsWith("dossier:", StringComparison.Ordinal) || domainEvent.Source.StartsWith("payment:", StringComparison.Ordinal);

    /// <summary>True if the endpoint may receive the event; <paramref name="sourceCreatorKeyId"/> is the key that created its source.</summary>
    public static bool MayReceive(WebhookSubscription subscription, DomainEvent domainEvent, string? sourceCreatorKeyId,
        IReadOnlyDictionary<string, List<string>> grants)
    {
        if (subscription.AllSources)
        {
            return true;
        }

        if (subscription.OwnerKeyId is not { } owner || !HasCreator(domainEvent))
        {
            return false;
        }

        if (sourceCreatorKeyId == owner)
        {
            return true;
        }

        return domainEvent.Subject.AgencyCode is { } agency && grants.TryGetValue(owner, out var agencies)
            && agencies.Contains(agency, StringComparer.Ordinal);
    }
}
