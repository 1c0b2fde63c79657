namespace MotCua.Grains.Payments;

/// <summary>Payment settings (configuration section <c>MotCua:Payments</c>).</summary>
public sealed class PaymentOptions
{
    public const string Section = "MotCua:Payments";

    /// <summary>How long a pending payment may wait to be paid; a reminder expires it then.</summary>
    public TimeSpan PendingLifetime { get; set; } = TimeSpan.FromMinutes(90);

    /// <summary>How often an unfinished saga (wallet steps, dossier, ledger, receipt, refunds) is retried by its reminder.</summary>
    public TimeSpan SagaRetryPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>After the expiry reminder's first tick, how often it ticks again until the payment is no longer pending.</summary>
    public TimeSpan ExpiryRetryPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Delays between status queries of a payment whose outcome is unknown (the last repeats): 1 min, 5 min, 1 h, then
    /// daily. Orleans reminders fire at most once a minute, so shorter delays act as one minute.
    /// </summary>
    public List<TimeSpan> StatusQuerySchedule { get; set; } =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), TimeSpan.FromDays(1)];

    /// <summary>The wait before status query number <paramref name="attempts"/> + 1: the schedule's entry (its last repeats), at least a minute.</summary>
    public TimeSpan StatusQueryDelay(int attempts)
    {
        var delay = StatusQuerySchedule.Count == 0 ? TimeSpan.FromDays(1)
            : StatusQuerySchedule[Math.Clamp(attempts - 1, 0, StatusQuerySchedule.Count - 1)];
        return delay < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : delay;
    }

    /// <summary>
    /// Whether agencies without a configured collection account get a sandbox one (see <see cref="CollectionAccounts"/>).
    /// Unset: only in the Development environment (the embedded default).
    /// </summary>
    public bool? SandboxCollectionAccounts { get; set; }
}
