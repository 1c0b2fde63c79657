using MotCua.Api.Audit;
using MotCua.Grains.Interfaces.Access;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Integration.Tests.Infrastructure;
using MotCua.Storage.Postgres;
using MotCua.Storage.Tests.Infrastructure;
using Npgsql;

namespace MotCua.Storage.Tests;

/// <summary>The rules every <see cref="IAuditTrail"/> keeps: a retried batch is stored once; queries filter, order and page alike.</summary>
public abstract class AuditTrailContract(PostgresServer? server) : StorageContract(server)
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 5, 9, 0, 0, TimeSpan.FromHours(7));

    protected IAuditTrail Trail { get; private set; } = null!;

    protected override void Open(NpgsqlDataSource? data) => Trail = data is null ? new MemoryAuditTrail() : new PostgresAuditTrail(data);

    private static AuditEntry Entry(DateTimeOffset at, string keyId = "kportal", string outcome = "ok", string? target = "T-1") =>
        new(Guid.NewGuid(), at, keyId, "portal", "POST", "/v1/dossiers", target, 201, outcome, "00-trace");

    private static AuditTrailQuery Day(int limit = 100, string? keyId = null, string? outcome = null, string? target = null, AuditPosition? before = null) =>
        new(Nine.AddHours(-9), Nine.AddHours(15), keyId, outcome, target, limit, before);

    [Fact]
    public async Task ARetriedBatchIsStoredOnceAndReadsBackToTheMicrosecond()
    {
        var at = Nine.AddTicks(1_234_567); // 0.1234567 s: the last digit is below a microsecond
        var first = Entry(at);
        var second = Entry(Nine.AddMinutes(5), target: null);

        await Trail.AppendAsync([first]);
        await Trail.AppendAsync([first, second]);

        var stored = await Trail.QueryAsync(Day());
        Assert.Equal([second.Id, first.Id], stored.Select(e => e.Id));
        Assert.Equal(first with { At = AuditTime.Truncate(at) }, stored[1]);
        Assert.Equal(Nine.AddTicks(1_234_560), stored[1].At);
        Assert.Null(stored[0].Target);
    }

    [Fact]
    public async Task QueriesKeepToTheirWindowAndFilters()
    {
        await Trail.AppendAsync(
        [
            Entry(Nine.AddHours(-10)), // the day before
            Entry(Nine, keyId: "kagent"),
            Entry(Nine.AddMinutes(1), outcome: "forbidden"),
            Entry(Nine.AddMinutes(2), target: "T-2"),
            Entry(Nine.AddHours(15)), // the next day
        ]);

        Assert.Equal(3, (await Trail.QueryAsync(Day())).Count);
        Assert.Equal("kagent", (await Trail.QueryAsync(Day(keyId: "kagent"))).Single().KeyId);
        Assert.Equal(Nine.AddMinutes(1), (await Trail.QueryAsync(Day(outcome: "forbidden"))).Single().At);
        Assert.Equal(Nine.AddMinutes(2), (await Trail.QueryAsync(Day(target: "T-2"))).Single().At);
        Assert.Single(await Trail.QueryAsync(new AuditTrailQuery(Nine, Nine.AddMinutes(1), null, null, null, 100)));
    }

    [Fact]
    public async Task PagesFollowEachOtherWithoutLossOrRepeatEvenWhenTimesTie()
    {
        var entries = Enumerable.Range(0, 25).Select(i => Entry(Nine.AddSeconds(i / 5))).ToList(); // five entries per second
        await Trail.AppendAsync(entries);

        var seen = new List<Guid>();
        AuditPosition? before = null;
        while (true)
        {
            var page = await Trail.QueryAsync(Day(limit: 7, before: before));
            seen.AddRange(page.Select(e => e.Id));
            if (page.Count < 7)
            {
                break;
            }

            before = new AuditPosition(page[^1].At, page[^1].Id);
        }

        var expected = entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Select(e => e.Id);
        Assert.Equal(expected, seen);
    }
}

public sealed class MemoryAuditTrailTests() : AuditTrailContract(server: null);

[Collection("postgres")]
public sealed class PostgresAuditTrailTests(PostgresServer server) : AuditTrailContract(server);
