using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace MotCua.Streaming.Postgres;

/// <summary>
/// Called by a pulling agent when a consumer kept failing an event for <see cref="PostgresStreamOptions.MaxEventDeliveryTime"/>:
/// Orleans then moves past the event (and its row is deleted with the delivered ones), so this must at least be loud.
/// </summary>
public sealed class PostgresDeliveryFailureHandler(ILogger<PostgresDeliveryFailureHandler> logger) : IStreamFailureHandler
{
    public bool ShouldFaultSubsriptionOnError => false;

    public Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        logger.LogError("Stream {Provider}/{StreamId}: the batch at row {Token} was not delivered to subscription {SubscriptionId} "
            + "within the delivery time limit and is skipped", streamProviderName, streamIdentity, sequenceToken, subscriptionId);
        return Task.CompletedTask;
    }

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        logger.LogError("Stream {Provider}/{StreamId}: subscription {SubscriptionId} failed at {Token}", streamProviderName, streamIdentity,
            subscriptionId, sequenceToken);
        return Task.CompletedTask;
    }
}
