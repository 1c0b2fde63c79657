using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace MotCua.Gateways.Http;

/// <summary>
/// The one retry layer, as a Polly pipeline in the HttpClient handler chain (Microsoft.Extensions.Http.Resilience),
/// outermost first: overall timeout, retry with capped exponential backoff and jitter, circuit breaker, per-try timeout.
/// The clients themselves never retry.
/// </summary>
internal static class GatewayResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, GatewayResilienceOptions options)
    {
        pipeline.AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(FailureClassifier.IsRetryable(args.Outcome.Result, args.Outcome.Exception)),
            });
        }

        pipeline.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(FailureClassifier.IsRetryable(args.Outcome.Result, args.Outcome.Exception)),
        });
        pipeline.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout });
    }
}
