using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Storage.Memory;
using MotCua.Integration.Tests.Infrastructure;
using MotCua.Storage.Postgres;
using MotCua.Storage.Tests.Infrastructure;
using Npgsql;

namespace MotCua.Storage.Tests;

/// <summary>The rules every <see cref="IReceiptBook"/> keeps: gapless numbers per series, one receipt per payment.</summary>
public abstract class ReceiptBookContract(PostgresServer? server) : StorageContract(server)
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 9, 30, 0, TimeSpan.Zero);

    protected IReceiptBook Book { get; private set; } = null!;

    protected override void Open(NpgsqlDataSource? data) => Book = data is null ? new MemoryReceiptBook() : new PostgresReceiptBook(data);

    private static ReceiptRequest Ask(string payment, long amount = 1000) => new(payment, amount, At);

    [Fact]
    public async Task NumbersFollowTheOrderAskedWithoutGapsAcrossBatches()
    {
        var first = await Book.IssueAsync("SXD-2026", [Ask("p1"), Ask("p2")]);
        var second = await Book.IssueAsync("SXD-2026", [Ask("p3")]);

        Assert.Equal([1L, 2L], first.Select(r => r.Sequence));
        Assert.Equal(3, second.Single().Sequence);
        Assert.Equal(3, await Book.GetIssuedAsync("SXD-2026"));
    }

    [Fact]
    public async Task APaymentGetsItsFirstReceiptBackAndTakesNoNumber()
    {
        await Book.IssueAsync("SXD-2026", [Ask("p1", 500)]);

        var again = await Book.IssueAsync("SXD-2026", [Ask("p2"), Ask("p1", 999), Ask("p3")]);

        Assert.Equal([2L, 1L, 3L], again.Select(r => r.Sequence));
        Assert.Equal(500, again[1].Amount);
        Assert.Equal(3, await Book.GetIssuedAsync("SXD-2026"));
    }

    [Fact]
    public async Task ThePaymentAskedTwiceInOneBatchGetsOneNumber()
    {
        var results = await Book.IssueAsync("SXD-2026", [Ask("p1"), Ask("p1")]);

        Assert.Equal([1L, 1L], results.Select(r => r.Sequence));
        Assert.Equal(1, await Book.GetIssuedAsync("SXD-2026"));
    }

    [Fact]
    public async Task SeriesAreNumberedApart()
    {
        await Book.IssueAsync("SXD-2026", [Ask("p1"), Ask("p2")]);

        var other = await Book.IssueAsync("SXD-2027", [Ask("p1")]);

        Assert.Equal(1, other.Single().Sequence);
        Assert.Equal("SXD-2027", other.Single().Series);
        Assert.Equal(0, await Book.GetIssuedAsync("STP-2026"));
    }

    [Fact]
    public async Task ListingPagesInNumberOrder()
    {
        await Book.IssueAsync("SXD-2026", [.. Enumerable.Range(1, 5).Select(i => Ask($"p{i}", i))]);

        var page = await Book.ListAsync("SXD-2026", 2, 2);

        Assert.Equal([3L, 4L], page.Select(r => r.Sequence));
        Assert.Equal(["p3", "p4"], page.Select(r => r.PaymentId));
        Assert.Equal(At, page[0].IssuedAt);
        Assert.Empty(await Book.ListAsync("SXD-2026", 5, 10));
    }
}

public sealed class MemoryReceiptBookTests() : ReceiptBookContract(server: null);

[Collection("postgres")]
public sealed class PostgresReceiptBookTests(PostgresServer server) : ReceiptBookContract(server);
