using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Storage;
using Orleans.Concurrency;

namespace MotCua.Grains.Events;

/// <summary>
/// A channel's collections on one Vietnam day (key <c>{channelId}/{yyyy-MM-dd}</c>), from <c>payment.succeeded</c>:
/// each payment counted once (by payment id), in total and per method, in <see cref="IStatsBook"/>'s counter rows.
/// Keeps nothing itself.
/// </summary>
[GrainType("channel-day-stats"), StatelessWorker]
public sealed class ChannelDayStatsGrain(IStatsBook book, TimeProvider time) : Grain, IChannelDayStatsGrain
{
    public async Task ApplyAsync(DomainEvent domainEvent)
    {
        if (domainEvent.Type != EventTypes.PaymentSucceeded || domainEvent.Subject.PaymentId is not { } paymentId)
        {
            return;
        }

        var (channel, date) = Key();
        await book.ApplyCollectionAsync(new ChannelDayCollection(channel, date, paymentId, domainEvent.Subject.Method ?? "unknown",
            domainEvent.Subject.Amount ?? 0, domainEvent.OccurredAt), time.GetUtcNow());
    }

    public Task<ChannelDayStats> GetAsync()
    {
        var (channel, date) = Key();
        return book.GetChannelDayAsync(channel, date);
    }

    private (string Channel, DateOnly Date) Key()
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        return (key[..slash], DateOnly.ParseExact(key[(slash + 1)..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }
}
