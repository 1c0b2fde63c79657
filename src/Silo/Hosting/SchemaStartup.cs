using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MotCua.Grains.Idempotency;
using MotCua.Storage.Postgres;
using MotCua.Storage.Postgres.Upgrade;

namespace MotCua.Silo.Hosting;

/// <summary>
/// Applies <c>deploy/sql</c> for durable mode, then moves the history out of the grain rows of a database written before
/// the history tables (<see cref="HistoryUpgrade"/>, skipped with one read once done): as the <c>migrate</c> command, or
/// before the silo starts.
/// </summary>
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
        try
        {
            await HistoryUpgrade.RunAsync(connectionString, IdempotencyRetention(configuration), logger);
        }
        catch (InvalidOperationException ex)
        {
            // What was moved stays moved; the message names the row that stopped the run.
            logger.LogError(ex, "History upgrade stopped: {Reason} Fix the cause and run migrate again.", ex.Message);
            return 1;
        }

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
            await HistoryUpgrade.RunAsync(connectionString, IdempotencyRetention(configuration), logger);
        }
    }

    /// <summary>
    /// MotCua:Idempotency:Retention (72 h by default, never under the contract's 24 h), which upgraded idempotency answers
    /// expire by, as the grains' own answers do.
    /// </summary>
    private static TimeSpan IdempotencyRetention(IConfiguration configuration)
    {
        var options = configuration.GetSection(IdempotencyOptions.Section).Get<IdempotencyOptions>() ?? new IdempotencyOptions();
        return IdempotencyGrain.Retention(options);
    }
}
