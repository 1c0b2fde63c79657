namespace MotCua.Gateways;

/// <summary>
/// The one retry layer for a provider: retries with exponential backoff and jitter, a per-try and an
/// overall timeout, and a circuit breaker. Only connection errors, per-try timeouts, 409 and 5xx are retried.
/// </summary>
public sealed class GatewayResilienceOptions
{
    /// <summary>Retries after the first try; 0 turns retrying off.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>No backoff delay is longer than this.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one try may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a call may take including every retry and delay.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Share of failed tries in <see cref="BreakerSamplingDuration"/> that opens the breaker.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Tries needed in the sampling window before the breaker may open (at least 2).</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>The window over which failures are counted.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the breaker stays open before letting a trial call through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    internal IEnumerable<string> Validate()
    {
        if (MaxRetries < 0)
        {
            yield return "Resilience.MaxRetries must not be negative.";
        }

        if (BaseDelay <= TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            yield return "Resilience.BaseDelay must be positive and not above MaxDelay.";
        }

        if (AttemptTimeout < TimeSpan.FromMilliseconds(10) || TotalTimeout < AttemptTimeout)
        {
            yield return "Resilience.AttemptTimeout must be at least 10 ms and not above TotalTimeout.";
        }

        if (BreakerFailureRatio is <= 0 or > 1 || BreakerMinimumThroughput < 2)
        {
            yield return "Resilience.BreakerFailureRatio must be in (0, 1] and BreakerMinimumThroughput at least 2.";
        }

        if (BreakerSamplingDuration < TimeSpan.FromMilliseconds(500) || BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            yield return "Resilience.BreakerSamplingDuration and BreakDuration must be at least 500 ms.";
        }
    }
}
