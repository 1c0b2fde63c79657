using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Storage.Memory;
using MotCua.Integration.Tests.Infrastructure;
using MotCua.Storage.Postgres;
using MotCua.Storage.Tests.Infrastructure;
using Npgsql;

namespace MotCua.Storage.Tests;

/// <summary>The rules every <see cref="IDossierIndex"/> keeps: newer versions only, the listing order, filters, retention and both kinds of paging.</summary>
public abstract class DossierIndexContract(PostgresServer? server) : StorageContract(server)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.FromHours(7));

    protected IDossierIndex Index { get; private set; } = null!;

    protected override void Open(NpgsqlDataSource? data) => Index = data is null ? new MemoryDossierIndex() : new PostgresDossierIndex(data);

    private static DossierIndexEntry Entry(string code, DossierStatus status = DossierStatus.Processing, long version = 1,
        DateTimeOffset? due = null, bool overdue = false, DateTimeOffset? changed = null, string agency = "SXD") =>
        new(code, agency, status, due, overdue, version, changed ?? Now, "SXD-XD-001", "HN-TTHCC");

    private static DossierIndexQuery Query(DossierStatus? status = null, bool? overdue = null, int page = 1, int size = 20,
        DossierIndexPosition? after = null) => new(status, overdue, page, size, after);

    [Fact]
    public async Task AnOlderOrRepeatedVersionNeverMovesARowBack()
    {
        await Index.UpsertAsync(Entry("SXD-261205-0001", DossierStatus.Processing, version: 5));
        await Index.UpsertAsync(Entry("SXD-261205-0001", DossierStatus.Accepted, version: 3));
        await Index.UpsertAsync(Entry("SXD-261205-0001", DossierStatus.Accepted, version: 5));

        var listed = Assert.Single((await Index.QueryAsync("SXD", Query(), Now)).Items);
        Assert.Equal(("processing", (int)DossierStatus.Processing), (listed.Status, listed.StatusCode));

        await Index.UpsertAsync(Entry("SXD-261205-0001", DossierStatus.Returned, version: 6));
        Assert.Equal("returned", (await Index.QueryAsync("SXD", Query(), Now)).Items.Single().Status);
    }

    [Fact]
    public async Task ListsAreOrderedByDueDateWithNoneLastThenCodeAndFiltered()
    {
        await Index.UpsertAsync(Entry("SXD-261205-0004"));
        await Index.UpsertAsync(Entry("SXD-261205-0003", due: Now.AddDays(3)));
        await Index.UpsertAsync(Entry("SXD-261205-0002", DossierStatus.Accepted, due: Now.AddDays(-1), overdue: true));
        await Index.UpsertAsync(Entry("SXD-261205-0001"));
        await Index.UpsertAsync(Entry("STP-261205-0001", agency: "STP"));

        var all = await Index.QueryAsync("SXD", Query(), Now);
        Assert.Equal(["SXD-261205-0002", "SXD-261205-0003", "SXD-261205-0001", "SXD-261205-0004"], all.Items.Select(i => i.Code));
        Assert.Equal(4, all.Total);
        Assert.Equal(Now.AddDays(-1), all.Items[0].DueAt);
        Assert.Equal(TimeSpan.FromHours(7), all.Items[0].DueAt!.Value.Offset);
        Assert.Equal(Now, all.Items[0].ChangedAt);
        Assert.Equal(("SXD-XD-001", "HN-TTHCC", true), (all.Items[0].ProcedureCode, all.Items[0].ReceivingCentre, all.Items[0].Overdue));
        Assert.Equal(["SXD-261205-0002"], (await Index.QueryAsync("SXD", Query(DossierStatus.Accepted), Now)).Items.Select(i => i.Code));
        Assert.Equal(["SXD-261205-0002"], (await Index.QueryAsync("SXD", Query(overdue: true), Now)).Items.Select(i => i.Code));
        Assert.Equal(3, (await Index.QueryAsync("SXD", Query(DossierStatus.Processing, overdue: false), Now)).Total);
        Assert.Empty((await Index.QueryAsync("XYZ", Query(), Now)).Items);
    }

    [Fact]
    public async Task AClosedDossierIsListedForTheRetentionAfterItsLastChangeAndOpenOnesAlways()
    {
        var old = Now - DossierIndexRules.ClosedRetention - TimeSpan.FromDays(1);
        await Index.UpsertAsync(Entry("SXD-261205-0001", DossierStatus.Returned, changed: Now));
        await Index.UpsertAsync(Entry("SXD-261205-0002", DossierStatus.Withdrawn, changed: old));
        await Index.UpsertAsync(Entry("SXD-261205-0003", DossierStatus.Processing, changed: old));

        Assert.Equal(["SXD-261205-0001", "SXD-261205-0003"], (await Index.QueryAsync("SXD", Query(), Now)).Items.Select(i => i.Code));
        var later = await Index.QueryAsync("SXD", Query(), Now + DossierIndexRules.ClosedRetention + TimeSpan.FromDays(1));
        Assert.Equal(["SXD-261205-0003"], later.Items.Select(i => i.Code));
        Assert.Equal(1, later.Total);
    }

    [Fact]
    public async Task TotalsFollowEveryMoveOfStatusAndOverdueAndIgnoreStaleVersions()
    {
        // 40 dossiers, each moved along its own path; the totals are then checked against a recount of the list.
        var paths = new[]
        {
            new[] { DossierStatus.Accepted, DossierStatus.PaymentRequested, DossierStatus.Processing },
            new[] { DossierStatus.Accepted, DossierStatus.Processing, DossierStatus.Returned },
            new[] { DossierStatus.Processing, DossierStatus.SupplementRequested, DossierStatus.Processing },
            new[] { DossierStatus.Accepted, DossierStatus.Withdrawn },
        };
        for (var i = 0; i < 40; i++)
        {
            var path = paths[i % paths.Length];
            for (var step = 0; step < path.Length; step++)
            {
                await Index.UpsertAsync(Entry($"SXD-261205-{i:0000}", path[step], version: step + 1, overdue: step == path.Length - 1 && i % 3 == 0));
            }

            // A late retry of the first step changes neither the row nor a total.
            await Index.UpsertAsync(Entry($"SXD-261205-{i:0000}", path[0], version: 1));
        }

        var rows = (await Index.QueryAsync("SXD", Query(size: 100), Now)).Items;
        Assert.Equal(40, rows.Count);
        foreach (var status in new DossierStatus?[] { null, DossierStatus.Processing, DossierStatus.Returned, DossierStatus.Withdrawn, DossierStatus.Accepted })
        {
            foreach (var overdue in new bool?[] { null, true, false })
            {
                var expected = rows.Count(r => (status is null || r.StatusCode == (int)status) && (overdue is null || r.Overdue == overdue));
                Assert.Equal(expected, (await Index.QueryAsync("SXD", Query(status, overdue), Now)).Total);
            }
        }

        Assert.Equal(20, (await Index.QueryAsync("SXD", Query(DossierStatus.Processing), Now)).Total);
        Assert.Equal(0, (await Index.QueryAsync("SXD", Query(DossierStatus.Returned), Now + DossierIndexRules.ClosedRetention + TimeSpan.FromDays(1))).Total);
    }

    [Fact]
    public async Task ConcurrentMovesInOneAgencyInOppositeDirectionsAllApply()
    {
        // Half the dossiers go processing → supplement requested, the other half the other way, all at once: the
        // counter rows they share must neither deadlock nor lose a move.
        for (var i = 0; i < 64; i++)
        {
            await Index.UpsertAsync(Entry($"SXD-261205-{i:0000}", i % 2 == 0 ? DossierStatus.Processing : DossierStatus.SupplementRequested));
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, 64), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await Index.UpsertAsync(Entry($"SXD-261205-{i:0000}", i % 2 == 0 ? DossierStatus.SupplementRequested : DossierStatus.Processing, version: 2), ct));

        Assert.Equal(32, (await Index.QueryAsync("SXD", Query(DossierStatus.Processing), Now)).Total);
        Assert.Equal(32, (await Index.QueryAsync("SXD", Query(DossierStatus.SupplementRequested), Now)).Total);
        Assert.Equal(64, (await Index.QueryAsync("SXD", Query(), Now)).Total);
    }

    [Fact]
    public async Task OffsetAndKeysetPagesReadTheSameListWithoutLossOrRepeat()
    {
        for (var i = 1; i <= 23; i++)
        {
            // Due dates repeat (every fourth dossier has none), so the code breaks ties.
            await Index.UpsertAsync(Entry($"SXD-261205-{i:0000}", due: i % 4 == 0 ? null : Now.AddDays(i % 3)));
        }

        var byOffset = new List<string>();
        for (var page = 1; page <= 5; page++)
        {
            byOffset.AddRange((await Index.QueryAsync("SXD", Query(page: page, size: 5), Now)).Items.Select(i => i.Code));
        }

        var byKeyset = new List<string>();
        DossierIndexPosition? after = null;
        var pages = 0;
        do
        {
            var page = await Index.QueryAsync("SXD", Query(size: 5, after: after), Now);
            byKeyset.AddRange(page.Items.Select(i => i.Code));
            Assert.Equal(23, page.Total);
            after = page.Next;
            pages++;
        }
        while (after is not null);

        var all = (await Index.QueryAsync("SXD", Query(size: 100), Now)).Items.Select(i => i.Code).ToList();
        Assert.Equal(23, all.Count);
        Assert.Equal(all, byOffset);
        Assert.Equal(all, byKeyset);
        Assert.Equal(5, pages);
    }
}

public sealed class MemoryDossierIndexTests() : DossierIndexContract(server: null);

[Collection("postgres")]
public sealed class PostgresDossierIndexTests(PostgresServer server) : DossierIndexContract(server);
