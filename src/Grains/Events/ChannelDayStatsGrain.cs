using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Events;

namespace MotCua.Grains.Events;

/// <summary>
/// A channel's collections on one Vietnam day, from <c>payment.succeeded</c>: each payment counted once (by payment id),
/// in total and per method.
/// </summary>
[GrainType("channel-day-stats")]
public sealed class ChannelDayStatsGrain(
    [PersistentState(EventStateNames.ChannelDayStats, StorageNames.Default)] IPersistentState<ChannelDayStatsState> store,
    TimeProvider time) : Grain, IChannelDayStatsGrain
{
    private ChannelDayStatsState State => store.State;

    public async Task ApplyAsync(DomainEvent domainEvent)
    {
        if (domainEvent.Type != EventTypes.PaymentSucceeded || domainEvent.Subject.PaymentId is not { } paymentId
            || State.Payments.ContainsKey(paymentId))
        {
            return;
        }

        var method = domainEvent.Subject.Method ?? "unknown";
        var amount = domainEvent.Subject.Amount ?? 0;
        State.Payments[paymentId] = method;
        var total = State.ByMethod.GetValueOrDefault(method) ?? new MethodTotal(0, 0);
        State.ByMethod[method] = new MethodTotal(total.Count + 1, checked(total.Amount + amount));
        State.Count++;
        State.Amount = checked(State.Amount + amount);
        if (State.LastEventAt is null || domainEvent.OccurredAt > State.LastEventAt)
        {
            State.LastEventAt = domainEvent.OccurredAt;
        }

        State.UpdatedAt = time.GetUtcNow();
        await store.WriteStateAsync();
    }

    public Task<ChannelDayStats> GetAsync()
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        var date = DateOnly.ParseExact(key[(slash + 1)..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult(new ChannelDayStats(key[..slash], date, State.Count, State.Amount,
            new Dictionary<string, MethodTotal>(State.ByMethod), State.LastEventAt, State.UpdatedAt));
    }
}

/// <summary>The persisted state of a channel's day.</summary>
[GenerateSerializer, Alias("motcua.channel-day-stats-state")]
public sealed class ChannelDayStatsState
{
    /// <summary>Payments counted, with their method.</summary>
    [Id(0)] public Dictionary<string, string> Payments { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public Dictionary<string, MethodTotal> ByMethod { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public int Count { get; set; }
    [Id(3)] public long Amount { get; set; }
    [Id(4)] public DateTimeOffset? LastEventAt { get; set; }
    [Id(5)] public DateTimeOffset? UpdatedAt { get; set; }
}
