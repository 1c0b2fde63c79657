using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Storage.Memory;
using MotCua.Integration.Tests.Infrastructure;
using MotCua.Storage.Postgres;
using MotCua.Storage.Tests.Infrastructure;
using Npgsql;

namespace MotCua.Storage.Tests;

/// <summary>The rules every <see cref="IStatsBook"/> keeps: later sequences only, first submission and result kept, each payment counted once.</summary>
public abstract class StatsBookContract(PostgresServer? server) : StorageContract(server)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 2, 0, 0, TimeSpan.Zero);

    protected IStatsBook Book { get; private set; } = null!;

    protected override void Open(NpgsqlDataSource? data) => Book = data is null ? new MemoryStatsBook() : new PostgresStatsBook(data);

    private static AgencyDossierChange Change(string code, long sequence, string? status, string? submitted = null,
        string? finished = null, bool? onTime = null, int minute = 0) =>
        new(code, sequence, status, submitted, finished, onTime, Now.AddMinutes(minute));

    [Fact]
    public async Task ADossiersEventsApplyOnceInSequenceAndKeepTheFirstSubmissionAndResult()
    {
        await Book.ApplyDossierAsync("SXD", 3, Change("D1", 1, "submitted", submitted: "2026-11"), Now);
        await Book.ApplyDossierAsync("SXD", 3, Change("D1", 3, "processed", finished: "2026-12", onTime: false, minute: 2), Now);
        await Book.ApplyDossierAsync("SXD", 3, Change("D1", 2, "processing", minute: 1), Now); // late: ignored
        await Book.ApplyDossierAsync("SXD", 3, Change("D1", 3, "processed", finished: "2026-12", onTime: false, minute: 2), Now); // again
        await Book.ApplyDossierAsync("SXD", 3, Change("D1", 4, null, minute: 3), Now); // no status: keeps the last
        await Book.ApplyDossierAsync("SXD", 3, Change("D1", 5, "processed", finished: "2026-12", onTime: true, minute: 4), Now.AddHours(1));
        await Book.ApplyDossierAsync("SXD", 3, Change("D2", 1, "submitted", submitted: "2026-12"), Now);
        await Book.ApplyDossierAsync("SXD", 4, Change("D3", 1, "submitted", submitted: "2026-12"), Now);

        var december = await Book.GetAgencyPartAsync("SXD", 3, "2026-12");
        Assert.Equal((1, 0, 1), (december.Received, december.OnTime, december.Late));
        Assert.Equal(new Dictionary<string, int> { ["processed"] = 1, ["submitted"] = 1 }, december.ByStatus);
        Assert.Equal((5L, Now.AddMinutes(4), Now), (december.EventsApplied, december.LastEventAt, december.UpdatedAt));
        var november = await Book.GetAgencyPartAsync("SXD", 3, "2026-11");
        Assert.Equal((1, 0, 0), (november.Received, november.OnTime, november.Late));
        var empty = await Book.GetAgencyPartAsync("STP", 3, "2026-12");
        Assert.Equal((0, 0L, null), (empty.ByStatus.Count, empty.EventsApplied, empty.LastEventAt));
    }

    [Fact]
    public async Task EachPaymentIsCountedOnceInItsChannelsDayByMethod()
    {
        var day = new DateOnly(2026, 12, 5);
        await Book.ApplyCollectionAsync(new ChannelDayCollection("vnpost:HN-0001", day, "p1", "cash", 75_000, Now), Now);
        await Book.ApplyCollectionAsync(new ChannelDayCollection("vnpost:HN-0001", day, "p2", "cash", 25_000, Now.AddMinutes(5)), Now);
        await Book.ApplyCollectionAsync(new ChannelDayCollection("vnpost:HN-0001", day, "p1", "cash", 75_000, Now), Now.AddHours(1));
        await Book.ApplyCollectionAsync(new ChannelDayCollection("vnpost:HN-0001", day, "p3", "vietqr", 10_000, Now.AddMinutes(1)), Now);
        await Book.ApplyCollectionAsync(new ChannelDayCollection("vnpost:HN-0001", day.AddDays(1), "p4", "cash", 1, Now), Now);

        var stats = await Book.GetChannelDayAsync("vnpost:HN-0001", day);
        Assert.Equal((3, 110_000L), (stats.Count, stats.Amount));
        Assert.Equal(new MotCua.Grains.Interfaces.Events.MethodTotal(2, 100_000), stats.ByMethod["cash"]);
        Assert.Equal(Now.AddMinutes(5), stats.LastEventAt);
        Assert.Equal(Now, stats.UpdatedAt);
        var none = await Book.GetChannelDayAsync("vnpost:HN-0001", day.AddDays(2));
        Assert.Equal((0, 0L, null), (none.Count, none.Amount, none.LastEventAt));
    }
}

public sealed class MemoryStatsBookTests() : StatsBookContract(server: null);

[Collection("postgres")]
public sealed class PostgresStatsBookTests(PostgresServer server) : StatsBookContract(server);
