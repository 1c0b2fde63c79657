using BitFaster.Caching.Lru;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MotCua.Grains.Events;

/// <summary>
/// Consumes one partition of the domain events (implicit subscription: the stream activates it) and hands each event to
/// the agency (figures and service quality) and channel projections and to the webhook endpoints that want it, all of which ignore repeats. It returns
/// only when they have taken the event, so a durable stream redelivers what a crash interrupted.
/// </summary>
[GrainType("event-router")]
[ImplicitStreamSubscription(StreamNames.DomainEvents)]
public sealed class EventRouterGrain(ILogger<EventRouterGrain> logger, IOptions<WebhookOptions> options)
    : Grain, IEventRouterGrain, IStreamSubscriptionObserver, IAsyncObserver<DomainEvent>
{
    private IReadOnlyList<WebhookSubscription>? subscriptions;

    /// <summary>Who created each recent source (a source's creator never changes), so a busy dossier is asked once.</summary>
    private readonly ConcurrentLru<string, string> creators = new(1, 10_000, StringComparer.Ordinal);

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
            work.Add(GrainFactory.GetGrain<IAgencyKpiGrain>(agency).ApplyAsync(item));
        }
        else if (item.Type is EventTypes.PaymentSucceeded or EventTypes.PaymentRefunded
                 && item.Subject is { AgencyCode: { } payingAgency, DossierCode: not null })
        {
            // A dossier's fee paid (or refunded in full) counts in its agency's service-quality figures.
            work.Add(GrainFactory.GetGrain<IAgencyKpiGrain>(payingAgency).ApplyAsync(item));
        }

        if (item.Type == EventTypes.PaymentSucceeded && item.Subject.ChannelId is { } channel)
        {
            var day = DateOnly.FromDateTime(item.OccurredAt.ToVietnam().DateTime);
            work.Add(GrainFactory.GetGrain<IChannelDayStatsGrain>(AgencyStatsShards.ChannelDayKey(channel, day)).ApplyAsync(item));
        }

        subscriptions ??= await GrainFactory.GetGrain<IWebhookDirectoryGrain>(WebhookDirectoryGrain.Key).ListAsync();
        string? creator = null;
        foreach (var subscription in subscriptions)
        {
            if (!subscription.Events.Any(p => EventTypes.Matches(p, item.Type)))
            {
                continue;
            }

            if (!subscription.AllSources && creator is null && WebhookAudience.HasCreator(item))
            {
                creator = await CreatorAsync(item.Source);
            }

            if (WebhookAudience.MayReceive(subscription, item, creator, options.Value.Grants))
            {
                work.Add(GrainFactory.GetGrain<IWebhookEndpointGrain>(subscription.EndpointId).OfferAsync(item));
            }
        }

        await Task.WhenAll(work);
    }

    /// <summary>The key that created a dossier or payment: the actor of its first history entry.</summary>
    private async Task<string> CreatorAsync(string source)
    {
        if (creators.TryGet(source, out var known))
        {
            return known;
        }

        var key = source[(source.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var creator = source.StartsWith("dossier:", StringComparison.Ordinal)
            ? (await GrainFactory.GetGrain<IDossierGrain>(key).GetAsync()).History.FirstOrDefault()?.ActorKeyId
            : (await GrainFactory.GetGrain<IPaymentGrain>(key).GetAsync()).History.FirstOrDefault()?.ActorKeyId;
        creators.AddOrUpdate(source, creator ?? "");
        return creator ?? "";
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        logger.LogWarning(ex, "Event stream {Partition} reported an error", this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }
}
