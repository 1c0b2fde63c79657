using Microsoft.Extensions.Logging;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Payments;

/// <summary>Unmatched gateway notifications of one provider and day (see <see cref="IGatewayInboxGrain"/>).</summary>
[GrainType("gateway-inbox")]
public sealed class GatewayInboxGrain(
    [PersistentState(StateNames.GatewayInbox, StorageNames.Default)] IPersistentState<GatewayInboxState> store,
    ILogger<GatewayInboxGrain> logger)
    : Grain, IGatewayInboxGrain
{
    public async Task<bool> KeepAsync(UnmatchedNotice notice)
    {
        if (store.State.Notices.Exists(n => n.NotificationId == notice.NotificationId))
        {
            return false;
        }

        store.State.Notices.Add(notice);
        await store.WriteStateAsync();
        logger.LogWarning("{Provider} notification {NotificationId} ({Outcome}, {Amount} VND, reference {Reference}) matches no payment: kept for reconciliation",
            notice.Provider, notice.NotificationId, notice.Outcome, notice.Amount, notice.Reference);
        return true;
    }

    public Task<IReadOnlyList<UnmatchedNotice>> ListAsync() => Task.FromResult<IReadOnlyList<UnmatchedNotice>>([.. store.State.Notices]);

    public async Task<UnmatchedNotice> ResolveAsync(string notificationId, string resolution, DateTimeOffset at)
    {
        var index = store.State.Notices.FindIndex(n => n.NotificationId == notificationId);
        if (index < 0)
        {
            throw DomainException.NotFound("Unmatched notification", notificationId);
        }

        if (store.State.Notices[index].Resolution is null)
        {
            store.State.Notices[index] = store.State.Notices[index] with { Resolution = resolution };
            await store.WriteStateAsync();
        }

        return store.State.Notices[index];
    }
}

[GenerateSerializer, Alias("motcua.gateway-inbox-state")]
public sealed class GatewayInboxState
{
    [Id(0)] public List<UnmatchedNotice> Notices { get; set; } = [];
}
