using Npgsql;

namespace MotCua.Silo.Hosting;

/// <summary>
/// Durable mode (configuration section <c>MotCua:Database</c>, connection string <c>ConnectionStrings:MotCua</c>,
/// i.e. the environment variable <c>ConnectionStrings__MotCua</c>). Without a connection string MotCua runs the
/// embedded default.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "MotCua:Database";
    public const string ConnectionStringName = "MotCua";

    /// <summary>
    /// Connections one process may open when the connection string does not say (<c>Maximum Pool Size</c>).
    /// PostgreSQL's default <c>max_connections</c> is 100: 3 silos × 20 + 2 API nodes × 10 = 80 leaves room for
    /// migrations, psql and monitoring. Raise <c>max_connections</c> before running more nodes.
    /// </summary>
    public int DefaultMaxPoolSize { get; set; } = 20;

    /// <summary>Whether a silo applies <c>deploy/sql</c> when it starts (safe with several silos: an advisory lock serialises them).</summary>
    public bool ApplySchemaOnStart { get; set; } = true;

    /// <summary>
    /// The connection string with the pool size capped as documented, or null for the embedded default. Unless the
    /// connection string says otherwise, Npgsql does not reset a pooled connection when it is returned
    /// (<c>No Reset On Close</c>): the reset is a <c>DISCARD ALL</c> round trip on every storage, reminder and
    /// membership call (about 47 per fee lifecycle in the bench profile), and nothing MotCua or Orleans runs leaves
    /// session state behind (no temporary tables, session settings, advisory locks held past a call, or prepared
    /// statements unless auto-prepare is configured, which keeps its statements across the reset anyway).
    /// </summary>
    public static string? ResolveConnectionString(Microsoft.Extensions.Configuration.IConfiguration configuration, int defaultMaxPoolSize)
    {
        var raw = Microsoft.Extensions.Configuration.ConfigurationExtensions.GetConnectionString(configuration, ConnectionStringName);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var builder = new NpgsqlConnectionStringBuilder(raw);
        if (!raw.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase)
            && !raw.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = defaultMaxPoolSize;
        }

        if (!raw.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase)
            && !raw.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}
