using MotCua.Integration.Tests.Infrastructure;
using Npgsql;

namespace MotCua.Storage.Tests.Infrastructure;

/// <summary>
/// The life of a contract suite's test: with no server it runs against the in-memory twins; with one, against a
/// fresh PostgreSQL database of its own, disposed after it. <see cref="Open"/> builds what the suite tests.
/// </summary>
public abstract class StorageContract(PostgresServer? server) : IAsyncLifetime
{
    private NpgsqlDataSource? data;

    /// <summary>Builds the implementations under test: PostgreSQL's over <paramref name="data"/>, or the in-memory twins when it is null.</summary>
    protected abstract void Open(NpgsqlDataSource? data);

    public async Task InitializeAsync()
    {
        if (server is not null)
        {
            data = await PostgresDatabase.CreateAsync(server);
        }

        Open(data);
    }

    public async Task DisposeAsync()
    {
        if (data is not null)
        {
            await data.DisposeAsync();
        }
    }
}
