using MotCua.Grains.Interfaces.Dossiers;

namespace MotCua.Grains.Dossiers;

/// <summary>The dossier lifecycle as a table: which action leads from which status to which.</summary>
public static class DossierStateMachine
{
    private static readonly Dictionary<(DossierStatus From, DossierAction Action), DossierStatus> Transitions = Build();

    /// <summary>Statuses from which the applicant may still withdraw.</summary>
    public static readonly IReadOnlySet<DossierStatus> OpenStatuses = new HashSet<DossierStatus>
    {
        DossierStatus.Submitted, DossierStatus.Accepted, DossierStatus.Processing,
        DossierStatus.SupplementRequested, DossierStatus.PaymentRequested,
    };

    /// <summary>Actions a caller can ask for (the system's own are left out).</summary>
    public static readonly IReadOnlyList<DossierAction> CallerActions =
        [.. Enum.GetValues<DossierAction>().Where(a => a != DossierAction.FeesPaid)];

    /// <summary>The status <paramref name="action"/> leads to from <paramref name="from"/>, or null if forbidden.</summary>
    public static DossierStatus? Next(DossierStatus from, DossierAction action) =>
        Transitions.TryGetValue((from, action), out var to) ? to : null;

    /// <summary>The caller actions allowed from a status, by their API names.</summary>
    public static IReadOnlyList<string> AllowedActions(DossierStatus from) =>
        [.. CallerActions.Where(a => Transitions.ContainsKey((from, a))).Select(ToApiName)];

    public static string ToApiName(this DossierAction action) => action switch
    {
        DossierAction.Accept => "accept",
        DossierAction.Refuse => "refuse",
        DossierAction.Process => "process",
        DossierAction.RequestSupplement => "request-supplement",
        DossierAction.Supplement => "supplement",
        DossierAction.RequestPayment => "request-payment",
        DossierAction.Withdraw => "withdraw",
        DossierAction.Stop => "stop",
        DossierAction.Complete => "complete",
        DossierAction.Return => "return",
        DossierAction.FeesPaid => "fees-paid",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>Whether the action needs a reason.</summary>
    public static bool RequiresReason(DossierAction action) =>
        action is DossierAction.Refuse or DossierAction.RequestSupplement or DossierAction.Stop;

    private static Dictionary<(DossierStatus, DossierAction), DossierStatus> Build()
    {
        var table = new Dictionary<(DossierStatus, DossierAction), DossierStatus>
        {
            [(DossierStatus.Submitted, DossierAction.Accept)] = DossierStatus.Accepted,
            [(DossierStatus.Submitted, DossierAction.Refuse)] = DossierStatus.Refused,
            [(DossierStatus.Accepted, DossierAction.Process)] = DossierStatus.Processing,
            [(DossierStatus.Accepted, DossierAction.RequestSupplement)] = DossierStatus.SupplementRequested,
            [(DossierStatus.Processing, DossierAction.RequestSupplement)] = DossierStatus.SupplementRequested,
            [(DossierStatus.SupplementRequested, DossierAction.Supplement)] = DossierStatus.Processing,
            [(DossierStatus.Accepted, DossierAction.RequestPayment)] = DossierStatus.PaymentRequested,
            [(DossierStatus.Processing, DossierAction.RequestPayment)] = DossierStatus.PaymentRequested,
            [(DossierStatus.PaymentRequested, DossierAction.FeesPaid)] = DossierStatus.Processing,
            [(DossierStatus.Processing, DossierAction.Stop)] = DossierStatus.Stopped,
            [(DossierStatus.Processing, DossierAction.Complete)] = DossierStatus.Processed,
            [(DossierStatus.Processed, DossierAction.Return)] = DossierStatus.Returned,
        };
        foreach (var open in new[]
                 {
                     DossierStatus.Submitted, DossierStatus.Accepted, DossierStatus.Processing,
                     DossierStatus.SupplementRequested, DossierStatus.PaymentRequested,
                 })
        {
            table[(open, DossierAction.Withdraw)] = DossierStatus.Withdrawn;
        }

        return table;
    }
}
