using Microsoft.Extensions.Logging.Abstractions;
using MotCua.Integration.Tests.Infrastructure;
using MotCua.Storage.Postgres;
using Npgsql;

namespace MotCua.Storage.Tests.Infrastructure;

/// <summary>A fresh database on the shared private server, with MotCua's schema applied: one per test, so tests never meet.</summary>
public static class PostgresDatabase
{
    private static int counter;

    public static async Task<NpgsqlDataSource> CreateAsync(PostgresServer server)
    {
        var name = $"storage_{Environment.ProcessId}_{Interlocked.Increment(ref counter)}";
        var connectionString = await server.CreateDatabaseAsync(name);
        await SchemaMigrator.ApplyAsync(connectionString, Path.Combine(AppContext.BaseDirectory, "sql"), NullLogger.Instance);
        return NpgsqlDataSource.Create(connectionString);
    }
}
