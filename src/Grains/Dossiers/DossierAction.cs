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
}
