namespace MotCua.Grains.Events;

/// <summary>Outbox recovery settings (configuration section <c>MotCua:Events:Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string Section = "MotCua:Events:Outbox";

    /// <summary>How soon after a failed publish the recovery reminder first asks the grain to publish again.</summary>
    public TimeSpan RecoveryDueTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often it asks again until the outbox is empty (Orleans refuses reminder periods under a minute by default).</summary>
    public TimeSpan RecoveryPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
