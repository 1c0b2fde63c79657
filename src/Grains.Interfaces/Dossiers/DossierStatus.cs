namespace MotCua.Grains.Interfaces.Dossiers;

/// <summary>Dossier statuses; the numeric values are the national portal's status codes.</summary>
public enum DossierStatus
{
    Submitted = 1,
    Accepted = 2,
    Refused = 3,
    Processing = 4,
    SupplementRequested = 5,
    PaymentRequested = 6,
    Withdrawn = 7,
    Stopped = 8,
    Processed = 9,
    Returned = 10,
}

/// <summary>The names the API uses for <see cref="DossierStatus"/>.</summary>
public static class DossierStatusNames
{
    public static string ToApiName(this DossierStatus status) => status switch
    {
        DossierStatus.Submitted => "submitted",
        DossierStatus.Accepted => "accepted",
        DossierStatus.Refused => "refused",
        DossierStatus.Processing => "processing",
        DossierStatus.SupplementRequested => "supplement_requested",
        DossierStatus.PaymentRequested => "payment_requested",
        DossierStatus.Withdrawn => "withdrawn",
        DossierStatus.Stopped => "stopped",
        DossierStatus.Processed => "processed",
        DossierStatus.Returned => "returned",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown dossier status."),
    };
}
