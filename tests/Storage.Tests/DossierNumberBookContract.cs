using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Storage.Memory;
using MotCua.Integration.Tests.Infrastructure;
using MotCua.Storage.Postgres;
using MotCua.Storage.Tests.Infrastructure;
using Npgsql;

namespace MotCua.Storage.Tests;

/// <summary>The rules every <see cref="IDossierNumberBook"/> keeps: gapless numbers per unit and day, kept by their operation, up to a maximum.</summary>
public abstract class DossierNumberBookContract(PostgresServer? server) : StorageContract(server)
{
    protected IDossierNumberBook Book { get; private set; } = null!;

    protected override void Open(NpgsqlDataSource? data) => Book = data is null ? new MemoryDossierNumberBook() : new PostgresDossierNumberBook(data);

    [Fact]
    public async Task NumbersFollowTheOrderAskedAndAnOperationKeepsItsNumber()
    {
        Assert.Equal([1, 2], await Book.AllocateAsync("SXD-261205", ["op-a", "op-b"], 9999));
        Assert.Equal([3, 1, 4], await Book.AllocateAsync("SXD-261205", ["op-c", "op-a", "op-d"], 9999));
        Assert.Equal([5, 5], await Book.AllocateAsync("SXD-261205", ["op-e", "op-e"], 9999));
    }

    [Fact]
    public async Task UnitDaysAreNumberedApart()
    {
        await Book.AllocateAsync("SXD-261205", ["op-a", "op-b"], 9999);

        Assert.Equal([1], await Book.AllocateAsync("SXD-261206", ["op-a"], 9999));
        Assert.Equal([1], await Book.AllocateAsync("STP-261205", ["op-z"], 9999));
    }

    [Fact]
    public async Task PastTheMaximumAnOperationGetsZeroAndTakesNothing()
    {
        Assert.Equal([1, 2, 0], await Book.AllocateAsync("SXD-261205", ["op-a", "op-b", "op-c"], 2));
        Assert.Equal([0, 2], await Book.AllocateAsync("SXD-261205", ["op-c", "op-b"], 2));
        Assert.Equal([3], await Book.AllocateAsync("SXD-261205", ["op-c"], 3));
    }
}

public sealed class MemoryDossierNumberBookTests() : DossierNumberBookContract(server: null);

[Collection("postgres")]
public sealed class PostgresDossierNumberBookTests(PostgresServer server) : DossierNumberBookContract(server);
