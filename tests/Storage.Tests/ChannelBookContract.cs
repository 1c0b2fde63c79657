using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Storage.Memory;
using MotCua.Integration.Tests.Infrastructure;
using MotCua.Storage.Postgres;
using MotCua.Storage.Tests.Infrastructure;
using Npgsql;

namespace MotCua.Storage.Tests;

/// <summary>The rules every <see cref="IChannelBook"/> keeps: a row per collection and per settlement, a retried insert changes nothing.</summary>
public abstract class ChannelBookContract(PostgresServer? server) : StorageContract(server)
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 2, 0, 0, TimeSpan.Zero);

    protected IChannelBook Book { get; private set; } = null!;

    protected override void Open(NpgsqlDataSource? data) => Book = data is null ? new MemoryChannelBook() : new PostgresChannelBook(data);

    private static ChannelCollectionRow Collection(string op, int window, int minute, long amount = 75_000, string channel = "vnpost:HN-0001") =>
        new(channel, op, $"MC{op}", $"pay_{op}", "SXD-261205-0001", amount, $"BL-{op}", At.AddMinutes(minute), "succeeded", window);

    [Fact]
    public async Task CollectionsAreStoredOnceAndListedByWindowOldestFirst()
    {
        await Book.RecordCollectionsAsync([Collection("c2", 1, 5), Collection("c1", 1, 1), Collection("c3", 2, 9)]);
        await Book.RecordCollectionsAsync([Collection("c1", 1, 1, amount: 1), Collection("c4", 1, 7)]); // c1 retried
        await Book.RecordCollectionsAsync([Collection("c1", 1, 3, channel: "viettel:HN-0002")]);

        var window = await Book.ListCollectionsAsync("vnpost:HN-0001", 1);
        Assert.Equal(["c1", "c2", "c4"], window.Select(c => c.OperationId));
        Assert.Equal(Collection("c1", 1, 1), window[0]);
        Assert.Equal(["c3"], (await Book.ListCollectionsAsync("vnpost:HN-0001", 2)).Select(c => c.OperationId));
        Assert.Empty(await Book.ListCollectionsAsync("vnpost:HN-0001", 3));
        Assert.Equal(Collection("c4", 1, 7), await Book.FindCollectionAsync("vnpost:HN-0001", "c4"));
        Assert.Null(await Book.FindCollectionAsync("vnpost:HN-0001", "c9"));
        Assert.Equal("viettel:HN-0002", (await Book.FindCollectionAsync("viettel:HN-0002", "c1"))!.ChannelId);
        Assert.Equal(Collection("c2", 1, 5), await Book.FindCollectionByPaymentAsync("vnpost:HN-0001", "pay_c2"));
        Assert.Equal("viettel:HN-0002", (await Book.FindCollectionByPaymentAsync("viettel:HN-0002", "pay_c1"))!.ChannelId);
        Assert.Null(await Book.FindCollectionByPaymentAsync("viettel:HN-0002", "pay_c2"));
    }

    [Fact]
    public async Task ASettlementIsStoredOnceAndFoundByItsOperationAndByItsNumber()
    {
        var first = new ChannelSettlementRow("vnpost:HN-0001", 1, "settle-1", At, At.AddHours(8), 3, 225_000, "UNC-20261205-01", At.AddHours(9));
        await Book.RecordSettlementAsync(first);
        await Book.RecordSettlementAsync(first with { Total = 1, RemittanceReference = "UNC-OTHER", ReceivedAt = At.AddDays(1) });

        Assert.Equal(first, await Book.FindSettlementAsync("vnpost:HN-0001", "settle-1"));
        Assert.Equal(first, await Book.FindSettlementByNumberAsync("vnpost:HN-0001", 1));
        Assert.Null(await Book.FindSettlementAsync("vnpost:HN-0001", "settle-2"));
        Assert.Null(await Book.FindSettlementByNumberAsync("vnpost:HN-0001", 2));
        Assert.Null(await Book.FindSettlementAsync("viettel:HN-0002", "settle-1"));
        Assert.Null(await Book.FindSettlementByNumberAsync("viettel:HN-0002", 1));
    }

    [Fact]
    public async Task AWindowClosedBeforeTheTwoStepsIsKeptWithoutARemittanceReference()
    {
        var legacy = new ChannelSettlementRow("vnpost:HN-0001", 7, "settle-7", At, At.AddHours(8), 1, 75_000, RemittanceReference: null, ReceivedAt: At.AddHours(8));
        await Book.RecordSettlementAsync(legacy);

        Assert.Equal(legacy, await Book.FindSettlementByNumberAsync("vnpost:HN-0001", 7));
    }
}

public sealed class MemoryChannelBookTests() : ChannelBookContract(server: null);

[Collection("postgres")]
public sealed class PostgresChannelBookTests(PostgresServer server) : ChannelBookContract(server);
