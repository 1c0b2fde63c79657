using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Storage.Memory;
using MotCua.Integration.Tests.Infrastructure;
using MotCua.Storage.Postgres;
using MotCua.Storage.Tests.Infrastructure;
using Npgsql;

namespace MotCua.Storage.Tests;

/// <summary>The rules every <see cref="ILedgerJournal"/> keeps, in memory and in PostgreSQL alike.</summary>
public abstract class LedgerJournalContract(PostgresServer? server) : StorageContract(server)
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 5, 12, 0, 0, TimeSpan.FromHours(7));

    protected ILedgerJournal Journal { get; private set; } = null!;

    protected override void Open(NpgsqlDataSource? data) => Journal = data is null ? new MemoryLedgerJournal() : new PostgresLedgerJournal(data);

    private static JournalEntry Entry(string id, string debit, string credit, long amount, DateTimeOffset? at = null) =>
        JournalEntry.Transfer(id, debit, credit, amount, at ?? Noon, $"memo {id}");

    [Fact]
    public async Task AnEntryIsStoredOnceAndItsRetryChangesNothing()
    {
        var first = await Journal.AppendAsync(3, [Entry("e1", "clearing:bank", "revenue:SXD:fee", 50_000)]);
        var again = await Journal.AppendAsync(3, [Entry("e1", "clearing:bank", "revenue:SXD:fee", 50_000)]);

        Assert.True(first.Single().Inserted);
        Assert.False(again.Single().Inserted);
        Assert.Equal(50_000, await Journal.GetBalanceAsync("clearing:bank"));
        Assert.Equal(-50_000, await Journal.GetBalanceAsync("revenue:SXD:fee"));
        Assert.Equal(1, (await Journal.GetTotalsAsync()).Entries);
    }

    [Fact]
    public async Task ARetryWithOtherPostingsGetsTheStoredEntryBack()
    {
        await Journal.AppendAsync(1, [Entry("e2", "clearing:bank", "revenue:SXD:fee", 50_000)]);

        var conflict = (await Journal.AppendAsync(1, [Entry("e2", "clearing:bank", "revenue:SXD:fee", 70_000)])).Single();

        Assert.False(conflict.Inserted);
        Assert.Equal(50_000, conflict.Stored.Postings.Single(p => p.Amount > 0).Amount);
        Assert.Equal(50_000, await Journal.GetBalanceAsync("clearing:bank"));
    }

    [Fact]
    public async Task TheSameIdTwiceInOneBatchIsStoredOnce()
    {
        var results = await Journal.AppendAsync(2, [Entry("e3", "a", "b", 10), Entry("e3", "a", "b", 10), Entry("e4", "a", "b", 5)]);

        Assert.Equal([true, false, true], results.Select(r => r.Inserted));
        Assert.Equal(15, await Journal.GetBalanceAsync("a"));
        Assert.Equal(2, (await Journal.GetTotalsAsync()).Entries);
    }

    [Fact]
    public async Task BalancesSumOverShardsAndTheLedgerTotalsZero()
    {
        await Journal.AppendAsync(0, [Entry("s0", "clearing:bank", "revenue:SXD:fee", 100)]);
        await Journal.AppendAsync(7, [Entry("s7", "clearing:bank", "revenue:SXD:charge", 40)]);
        await Journal.AppendAsync(15, [Entry("s15", "revenue:SXD:fee", "refunds-payable:bank", 30)]);

        var totals = await Journal.GetTotalsAsync();
        Assert.Equal(0, totals.Total);
        Assert.Empty(totals.UnbalancedShards);
        Assert.Equal(3, totals.Entries);
        Assert.Equal(140, await Journal.GetBalanceAsync("clearing:bank"));
        Assert.Equal(-70, await Journal.GetBalanceAsync("revenue:SXD:fee"));
        Assert.Equal(0, await Journal.GetBalanceAsync("never-used"));
    }

    [Fact]
    public async Task BalancesPageInOrdinalAccountOrderWithAPrefix()
    {
        await Journal.AppendAsync(0, [Entry("p1", "wallet:b", "clearing:top-ups", 2), Entry("p2", "wallet:a", "clearing:top-ups", 1),
            Entry("p3", "wallet:C", "clearing:top-ups", 3)]);

        var first = await Journal.GetBalancesAsync("wallet:", null, 2);
        var second = await Journal.GetBalancesAsync("wallet:", first[^1].Account, 2);
        var all = await Journal.GetBalancesAsync(null, null, 100);

        Assert.Equal(["wallet:C", "wallet:a"], first.Select(b => b.Account));
        Assert.Equal([new AccountBalance("wallet:b", 2)], second);
        Assert.Equal(["clearing:top-ups", "wallet:C", "wallet:a", "wallet:b"], all.Select(b => b.Account));
        Assert.Equal(-6, all[0].Balance);
    }

    [Fact]
    public async Task AnAccountsStatementHoldsItsEntriesInTheirPeriodOldestFirst()
    {
        await Journal.AppendAsync(4, [
            Entry("late", "clearing:bank", "revenue:SXD:fee", 3, Noon.AddHours(2)),
            Entry("early", "clearing:bank", "revenue:SXD:fee", 1, Noon.AddHours(-1)),
            Entry("next-day", "clearing:bank", "revenue:SXD:fee", 5, Noon.AddDays(1)),
            Entry("other", "clearing:vnptpay", "revenue:SXD:fee", 7, Noon),
        ]);

        var day = await Journal.FindByAccountAsync("clearing:bank", Noon.AddHours(-12), Noon.AddHours(12));

        Assert.Equal(["early", "late"], day.Select(e => e.Id));
        Assert.Equal(Noon.AddHours(-1), day[0].At);
        Assert.Equal("memo early", day[0].Memo);
        Assert.Equal([new Posting("clearing:bank", 1), new Posting("revenue:SXD:fee", -1)], day[0].Postings);
    }

    [Fact]
    public async Task FindReturnsTheEntryWithItsPostingsInOrder()
    {
        var entry = new JournalEntry("multi", [new Posting("x", 5), new Posting("y", -3), new Posting("z", -2)], Noon, "three lines");
        await Journal.AppendAsync(9, [entry]);

        var found = await Journal.FindAsync("multi");

        Assert.NotNull(found);
        Assert.Equal(entry.Postings, found.Postings);
        Assert.Equal(entry.At, found.At);
        Assert.Null(await Journal.FindAsync("missing"));
    }
}

public sealed class MemoryLedgerJournalTests() : LedgerJournalContract(server: null);

[Collection("postgres")]
public sealed class PostgresLedgerJournalTests(PostgresServer server) : LedgerJournalContract(server);
