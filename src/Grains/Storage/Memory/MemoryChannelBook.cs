using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Grains.Storage.Memory;

/// <summary>The embedded default's channel history: the same rules as PostgreSQL's, held in this process.</summary>
public sealed class MemoryChannelBook : IChannelBook
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Channel, string Operation), ChannelCollectionRow> collections = [];
    private readonly Dictionary<(string Channel, int Number), ChannelSettlementRow> settlements = [];

    public Task RecordCollectionsAsync(IReadOnlyList<ChannelCollectionRow> rows, CancellationToken ct = default)
    {
        lock (gate)
        {
            foreach (var row in rows)
            {
                collections.TryAdd((row.ChannelId, row.OperationId), row);
            }
        }

        return Task.CompletedTask;
    }

    public Task<ChannelCollectionRow?> FindCollectionAsync(string channelId, string operationId, CancellationToken ct = default)
    {
        lock (gate)
        {
            return Task.FromResult(collections.GetValueOrDefault((channelId, operationId)));
        }
    }

    public Task<ChannelCollectionRow?> FindCollectionByPaymentAsync(string channelId, string paymentId, CancellationToken ct = default)
    {
        lock (gate)
        {
            return Task.FromResult(collections.Values.FirstOrDefault(c => c.ChannelId == channelId && c.PaymentId == paymentId));
        }
    }

    public Task<IReadOnlyList<ChannelCollectionRow>> ListCollectionsAsync(string channelId, int window, CancellationToken ct = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<ChannelCollectionRow>>([.. collections.Values
                .Where(c => c.ChannelId == channelId && c.Window == window)
                .OrderBy(c => c.At).ThenBy(c => c.OperationId, StringComparer.Ordinal)]);
        }
    }

    public Task RecordSettlementAsync(ChannelSettlementRow settlement, CancellationToken ct = default)
    {
        lock (gate)
        {
            settlements.TryAdd((settlement.ChannelId, settlement.Number), settlement);
        }

        return Task.CompletedTask;
    }

    public Task<ChannelSettlementRow?> FindSettlementAsync(string channelId, string operationId, CancellationToken ct = default)
    {
        lock (gate)
        {
            return Task.FromResult(settlements.Values.FirstOrDefault(s => s.ChannelId == channelId && s.OperationId == operationId));
        }
    }

    public Task<ChannelSettlementRow?> FindSettlementByNumberAsync(string channelId, int number, CancellationToken ct = default)
    {
        lock (gate)
        {
            return Task.FromResult(settlements.GetValueOrDefault((channelId, number)));
        }
    }
}
