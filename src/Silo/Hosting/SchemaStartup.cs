using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MotCua.Storage.Postgres;

namespace MotCua.Silo.Hosting;

/// <summary>Applies <c>deploy/sql</c> for durable mode: as the <c>migrate</c> command, or before the silo starts.</summary>
public static class SchemaStartup
{
    /// <summary>Runs <c>migrate</c>: applies the schema and returns the process exit code.</summary>
    public static async Task<int> MigrateAsync(IConfiguration configuration, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("MotCua.Migrate");
        var connectionString = DatabaseOptions.ResolveConnectionString(configuration, 2);
        if (connectionString is null)
        {
            logger.LogError("migrate needs a connection string: set ConnectionStrings__MotCua (e.g. Host=127.0.0.1;Port=5432;Username=motcua;Password=...;Database=motcua)");
            return 2;
        }

        var applied = await SchemaMigrator.ApplyAsync(connectionString, SchemaMigrator.DefaultSqlDirectory, logger);
        logger.LogInformation("Schema up to date; applied now: {Applied}", applied.Count == 0 ? "nothing" : string.Join(", ", applied));
        return 0;
    }

    /// <summary>In durable mode with <see cref="DatabaseOptions.ApplySchemaOnStart"/>, applies the schema before Orleans starts.</summary>
    public static async Task ApplyIfConfiguredAsync(IConfiguration configuration, ILogger logger)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = DatabaseOptions.ResolveConnectionString(configuration, 2);
        if (connectionString is not null && database.ApplySchemaOnStart)
        {
            await SchemaMigrator.ApplyAsync(connectionString, SchemaMigrator.DefaultSqlDirectory, logger);
        }
    }
}
