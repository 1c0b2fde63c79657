namespace MotCua.Grains.Idempotency;

/// <summary>Idempotency settings (configuration section <c>MotCua:Idempotency</c>).</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "MotCua:Idempotency";

    /// <summary>The shortest retention allowed: what API.md promises callers.</summary>
    public static readonly TimeSpan MinimumRetention = TimeSpan.FromHours(24);

    /// <summary>How long an answer is kept after it was given (at least <see cref="MinimumRetention"/>).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How often each silo's sweeper looks for expired answers.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Answers deleted per statement, so a sweep never holds many rows or a long transaction.</summary>
    public int SweepBatch { get; set; } = 500;
}
