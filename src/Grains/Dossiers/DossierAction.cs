namespace MotCua.Grains.Dossiers;

/// <summary>What can be done to a dossier.</summary>
public enum DossierAction
{
    Accept,
    Refuse,
    Process,
    RequestSupplement,
    Supplement,
    RequestPayment,
    Withdraw,
    Stop,
    Complete,
    Return,
    /// <summary>MotCua itself, when every fee of a dossier in payment_requested is paid.</summary>
    FeesPaid,
    /// <summary>An officer apologises for a late (or nearly late) dossier and gives a new due date; the status stays.</summary>
    Apologize,
    /// <summary>The applicant rates a returned dossier; the status stays.</summary>
    Rate,
}
