namespace MotCua.Grains.Events;

/// <summary>Webhook delivery settings (configuration section <c>MotCua:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "MotCua:Webhooks";

    /// <summary>The name of the HttpClient deliveries use.</summary>
    public const string HttpClientName = "motcua-webhooks";

    /// <summary>
    /// How long to wait before each retry after a failed attempt: 1 min, 5 min, 1 h, 1 day, 2 days, then give up
    /// (6 attempts in all). Tests configure seconds.
    /// </summary>
    /// <remarks>Unset by default (the configuration binder would append to a list set here); see <see cref="Schedule"/>.</remarks>
    public List<TimeSpan>? RetrySchedule { get; set; }

    /// <summary>The retry waits in effect: <see cref="RetrySchedule"/> if configured, else the default.</summary>
    public IReadOnlyList<TimeSpan> Schedule => RetrySchedule is { Count: > 0 } configured ? configured : DefaultSchedule;

    private static readonly TimeSpan[] DefaultSchedule =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(2)];

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The period of the reminder that carries a pending delivery across restarts (a timer makes the attempt on time
    /// while the activation lives; the reminder makes it after a crash). Orleans refuses periods under a minute by default.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Grants (<c>MotCua:Webhooks:Grants:{portal key id}:0 = SXD</c>, ...): agencies whose dossier and payment events a portal
    /// key's endpoints receive besides those of the dossiers and payments it created itself.
    /// </summary>
    public Dictionary<string, List<string>> Grants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How many deliveries an endpoint lists (the newest).</summary>
    public int DeliveriesKept { get; set; } = 1000;
}
