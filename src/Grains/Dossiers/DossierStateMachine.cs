using MotCua.Grains.Interfaces.Dossiers;

namespace MotCua.Grains.Dossiers;

/// <summary>
/// The dossier lifecycle as a table: which action leads from which status to which. Guards that depend on more than the
/// status (unpaid fees, an apology only near or past the due date, one apology, one rating) are the grain's.
/// </summary>
public static class DossierStateMachine
{
    /// <summary>Statuses from which the applicant may still withdraw.</summary>
    public static readonly IReadOnlySet<DossierStatus> OpenStatuses = new HashSet<DossierStatus>
    {
        DossierStatus.Submitted, DossierStatus.Accepted, DossierStatus.Processing,
        DossierStatus.SupplementRequested, DossierStatus.PaymentRequested,
    };

    /// <summary>Statuses in which the agency's working-day clock runs against the due date.</summary>
    public static readonly IReadOnlySet<DossierStatus> ClockRunningStatuses = new HashSet<DossierStatus>
    {
        DossierStatus.Accepted, DossierStatus.Processing,
    };

    /// <summary>Statuses in which the clock is paused: the applicant, not the agency, has the next move.</summary>
    public static readonly IReadOnlySet<DossierStatus> PausedStatuses = new HashSet<DossierStatus>
    {
        DossierStatus.SupplementRequested, DossierStatus.PaymentRequested,
    };

    // Declared after the sets it is built from: static fields initialise in textual order.
    private static readonly Dictionary<(DossierStatus From, DossierAction Action), DossierStatus> Transitions = Build();

    /// <summary>Actions a caller can ask for (the system's own are left out).</summary>
    public static readonly IReadOnlyList<DossierAction> CallerActions =
        [.. Enum.GetValues<DossierAction>().Where(a => a != DossierAction.FeesPaid)];

    /// <summary>The status <paramref name="action"/> leads to from <paramref name="from"/>, or null if forbidden.</summary>
    public static DossierStatus? Next(DossierStatus from, DossierAction action) =>
        Transitions.TryGetValue((from, action), out var to) ? to : null;

    /// <summary>The caller actions the table allows from a status, by their API names.</summary>
    public static IReadOnlyList<string> AllowedActions(DossierStatus from) => AllowedActions(from, _ => true);

    /// <summary>The caller actions the table allows from a status and <paramref name="guard"/> lets through, by API name.</summary>
    public static IReadOnlyList<string> AllowedActions(DossierStatus from, Func<DossierAction, bool> guard) =>
        [.. CallerActions.Where(a => Transitions.ContainsKey((from, a)) && guard(a)).Select(ToApiName)];

    /// <summary>The action's name in the API: the last segment of its route.</summary>
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
        DossierAction.Apologize => "apologize",
        DossierAction.Rate => "rating",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>Whether the action needs a reason.</summary>
    public static bool RequiresReason(DossierAction action) =>
        action is DossierAction.Refuse or DossierAction.RequestSupplement or DossierAction.Stop or DossierAction.Apologize;

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
            [(DossierStatus.Returned, DossierAction.Rate)] = DossierStatus.Returned,
        };
        foreach (var running in ClockRunningStatuses)
        {
            table[(running, DossierAction.Apologize)] = running;
        }

        foreach (var open in OpenStatuses)
        {
            table[(open, DossierAction.Withdraw)] = DossierStatus.Withdrawn;
        }

        return table;
    }
}
