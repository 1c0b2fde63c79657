namespace MotCua.Grains.Payments;

/// <summary>Payment settings (configuration section <c>MotCua:Payments</c>).</summary>
public sealed class PaymentOptions
{
    public const string Section = "MotCua:Payments";

    /// <summary>How long a pending payment may wait to be paid.</summary>
    public TimeSpan PendingLifetime { get; set; } = TimeSpan.FromMinutes(90);

    /// <summary>How often an unfinished success saga is retried by its reminder.</summary>
    public TimeSpan SagaRetryPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
