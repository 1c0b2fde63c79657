using Microsoft.Extensions.DependencyInjection;
using MotCua.Grains.Interfaces.Storage;
using Npgsql;

namespace MotCua.Storage.Postgres;

/// <summary>Durable mode's history tables behind MotCua's storage interfaces.</summary>
public static class PostgresStorageExtensions
{
    /// <summary>
    /// Registers one <see cref="NpgsqlDataSource"/> for <paramref name="connectionString"/> and the PostgreSQL
    /// implementations of the storage interfaces. They win over the in-memory defaults whatever the order of
    /// registration (the defaults are added with TryAdd, these with Add).
    /// </summary>
    public static IServiceCollection AddMotCuaPostgresStorage(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<ILedgerJournal, PostgresLedgerJournal>();
        services.AddSingleton<IReceiptBook, PostgresReceiptBook>();
        services.AddSingleton<IDossierNumberBook, PostgresDossierNumberBook>();
        services.AddSingleton<IChannelBook, PostgresChannelBook>();
        return services;
    }
}
