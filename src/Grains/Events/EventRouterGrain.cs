using Microsoft.Extensions.Logging;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MotCua.Grains.Events;

/// <summary>
/// Consumes one partition of the domain events (implicit subscription: the stream activates it) and hands each event to
/// the agency and channel projections and to the webhook endpoints that want it, all of which ignore repeats. It returns
/// only when they have taken the event, so a durable stream redelivers what a crash interrupted.
/// </summary>
[GrainType("event-router")]
[ImplicitStreamSubscription(StreamNames.DomainEvents)]
public sealed class EventRouterGrain(ILogger<EventRouterGrain> logger)
    : Grain, IEventRouterGrain, IStreamSubscriptionObserver, IAsyncObserver<DomainEvent>
{
    private IReadOnlyList<WebhookSubscription>? subscriptions;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync(this);

    public Task InvalidateSubscriptionsAsync()
    {
        subscriptions = null;
        return Task.CompletedTask;
    }

    public async Task OnNextAsync(DomainEvent item, StreamSequenceToken? token = null)
    {
        var work = new List<Task>();
        if (item.Source.StartsWith("dossier:", StringComparison.Ordinal) && item.Subject is { AgencyCode: { } agency, DossierCode: { } code })
        {
            work.Add(GrainFactory.GetGrain<IAgencyStatsGrain>(AgencyStatsShards.KeyFor(agency, code)).ApplyAsync(item));
        }

        if (item.Type == EventTypes.PaymentSucceeded && item.Subject.ChannelId is { } channel)
        {
            var day = DateOnly.FromDateTime(item.OccurredAt.ToVietnam().DateTime);
            work.Add(GrainFactory.GetGrain<IChannelDayStatsGrain>(AgencyStatsShards.ChannelDayKey(channel, day)).ApplyAsync(item));
        }

        subscriptions ??= await GrainFactory.GetGrain<IWebhookDirectoryGrain>(WebhookDirectoryGrain.Key).ListAsync();
        foreach (var subscription in subscriptions)
        {
            if (subscription.Events.Any(p => EventTypes.Matches(p, item.Type)))
            {
                work.Add(GrainFactory.GetGrain<IWebhookEndpointGrain>(subscription.EndpointId).OfferAsync(item));
            }
        }

        await Task.WhenAll(work);
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        logger.LogWarning(ex, "Event stream {Partition} reported an error", this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }
}
