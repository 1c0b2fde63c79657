using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        services.AddMotCuaPostgresAuditTrail(connectionString);
        services.AddSingleton<ILedgerJournal, PostgresLedgerJournal>();
        services.AddSingleton<IReceiptBook, PostgresReceiptBook>();
        services.AddSingleton<IDossierNumberBook, PostgresDossierNumberBook>();
        services.AddSingleton<IChannelBook, PostgresChannelBook>();
        services.AddSingleton<IIdempotencyAnswers, PostgresIdempotencyAnswers>();
        services.AddSingleton<IDossierIndex, PostgresDossierIndex>();
        services.AddSingleton<IStatsBook, PostgresStatsBook>();
        services.AddSingleton<IKpiBook, PostgresKpiBook>();
        services.AddSingleton<IPaymentBook, PostgresPaymentBook>();
        return services;
    }

    /// <summary>
    /// What an API node needs of PostgreSQL on its own: the data source and the audit log table, which API nodes
    /// append to directly.
    /// </summary>
    public static IServiceCollection AddMotCuaPostgresAuditTrail(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<IAuditTrail, PostgresAuditTrail>();
        return services;
    }
}
