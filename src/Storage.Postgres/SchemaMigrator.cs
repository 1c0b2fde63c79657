using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MotCua.Storage.Postgres;

/// <summary>
/// Applies MotCua's PostgreSQL schema (the <c>NNN_name.sql</c> scripts from <c>deploy/sql</c>) to a database.
/// </summary>
/// <remarks>
/// <para>
/// Scripts run in the order of their three-digit number, each in its own transaction together with
/// the row that records it in <c>motcua_schema_version</c> (version, file name, SHA-256 of the file,
/// time), so a script is either applied and recorded or not at all. Versions already recorded are
/// skipped.
/// </para>
/// <para>
/// The whole run holds a PostgreSQL session advisory lock, so processes that start together (several
/// silos, or a silo and an API node) apply the schema one after the other: the first applies it,
/// the others find it recorded and apply nothing.
/// </para>
/// <para>
/// When the checksum of an already recorded script differs from the file (the file was edited after
/// it was applied, or only its line endings changed), the migrator logs a warning, applies the script
/// again and records the new checksum. That is safe because every script is written to be idempotent:
/// applied twice, it succeeds and changes nothing beyond what its text now says. Still, change a released
/// script only to fix it: a node of an older release would re-apply its own older text in turn. New
/// schema goes into a new numbered script.
/// </para>
/// <para>
/// Recorded versions without a script in the folder (a database already migrated by a newer release)
/// are left alone.
/// </para>
/// </remarks>
public static partial class SchemaMigrator
{
    /// <summary>Key of the advisory lock that serializes schema changes within one database.</summary>
    private const long AdvisoryLockKey = 0x4D6F_7443_7561_0001; // "MotCua" in ASCII, lock 1

    private const string CreateVersionTableSql = """
        CREATE TABLE IF NOT EXISTS motcua_schema_version
        (
            version    integer     NOT NULL,
            name       text        NOT NULL,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),

            CONSTRAINT motcua_schema_version_pk PRIMARY KEY (version)
        );
        """;

    /// <summary>The <c>sql</c> folder next to the running application, where the Silo build copies <c>deploy/sql/*.sql</c>.</summary>
    public static string DefaultSqlDirectory => Path.Combine(AppContext.BaseDirectory, "sql");

    /// <summary>
    /// Applies every <c>NNN_*.sql</c> script in <paramref name="sqlDirectory"/> that the database has not
    /// recorded yet (or whose recorded checksum differs from the file), in version order.
    /// </summary>
    /// <param name="connectionString">Npgsql connection string of the target database.</param>
    /// <param name="sqlDirectory">Folder holding the scripts, usually <see cref="DefaultSqlDirectory"/>.</param>
    /// <param name="logger">Receives one line per script applied and a warning per changed checksum.</param>
    /// <param name="ct">Cancels the run; the script in progress is rolled back.</param>
    /// <returns>The file names of the scripts applied by this call, in the order applied (empty when the database was up to date).</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidOperationException">The folder holds no script, two scripts share a version number, or a script
    /// failed (it was rolled back; the inner <see cref="PostgresException"/> says why).</exception>
    public static async Task<IReadOnlyList<string>> ApplyAsync(
        string connectionString, string sqlDirectory, ILogger logger, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(sqlDirectory);
        ArgumentNullException.ThrowIfNull(logger);

        var scripts = await ReadScriptsAsync(sqlDirectory, ct);

        // A connection of its own, outside the pool: closing it is then sure to release the advisory
        // lock, even when a script fails or the run is cancelled.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);

        // Waits for a peer that is applying the schema right now, however long its scripts take.
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", commandTimeout: 0, ct, ("key", AdvisoryLockKey));
        await ExecuteAsync(connection, CreateVersionTableSql, commandTimeout: null, ct);
        var recorded = await ReadRecordedChecksumsAsync(connection, ct);

        var applied = new List<string>();
        foreach (var script in scripts)
        {
            if (recorded.TryGetValue(script.Version, out var checksum))
            {
                if (string.Equals(checksum, script.Checksum, StringComparison.Ordinal))
                {
                    continue;
                }

                LogChecksumChanged(logger, script.Name, script.Version, checksum, script.Checksum);
            }

            await ApplyScriptAsync(connection, script, ct);
            LogApplied(logger, script.Name, script.Version);
            applied.Add(script.Name);
        }

        await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", commandTimeout: null, ct, ("key", AdvisoryLockKey));
        return applied;
    }

    private static async Task<IReadOnlyList<Script>> ReadScriptsAsync(string sqlDirectory, CancellationToken ct)
    {
        if (!Directory.Exists(sqlDirectory))
        {
            throw new DirectoryNotFoundException($"The schema folder '{sqlDirectory}' does not exist.");
        }

        var scripts = new List<Script>();
        foreach (var path in Directory.EnumerateFiles(sqlDirectory, "*.sql"))
        {
            var name = Path.GetFileName(path);
            var match = ScriptName().Match(name);
            if (!match.Success)
            {
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(path, ct);
            scripts.Add(new Script(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                name,
                Convert.ToHexStringLower(SHA256.HashData(bytes)),
                System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF')));
        }

        if (scripts.Count == 0)
        {
            throw new InvalidOperationException($"The schema folder '{sqlDirectory}' holds no NNN_name.sql script.");
        }

        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Schema scripts {string.Join(" and ", duplicate.Select(s => s.Name))} share version {duplicate.Key}.");
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        return scripts;
    }

    private static async Task<Dictionary<int, string>> ReadRecordedChecksumsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var recorded = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM motcua_schema_version", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            recorded[reader.GetInt32(0)] = reader.GetString(1);
        }

        return recorded;
    }

    private static async Task ApplyScriptAsync(NpgsqlConnection connection, Script script, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            await using (var command = new NpgsqlCommand(script.Text, connection, transaction))
            {
                await command.ExecuteNonQueryAsync(ct);
            }

            await using (var record = new NpgsqlCommand(
                """
                INSERT INTO motcua_schema_version (version, name, checksum, applied_at)
                VALUES (@version, @name, @checksum, now())
                ON CONFLICT ON CONSTRAINT motcua_schema_version_pk DO UPDATE
                    SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, applied_at = EXCLUDED.applied_at
                """,
                connection,
                transaction))
            {
                record.Parameters.AddWithValue("version", script.Version);
                record.Parameters.AddWithValue("name", script.Name);
                record.Parameters.AddWithValue("checksum", script.Checksum);
                await record.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
        }
        catch (PostgresException ex)
        {
            throw new InvalidOperationException(
                $"Schema script {script.Name} failed and was rolled back: {ex.MessageText} (SQLSTATE {ex.SqlState}"
                + (ex.Position > 0 ? $", at character {ex.Position})" : ")"),
                ex);
        }
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, string sql, int? commandTimeout, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (commandTimeout is { } seconds)
        {
            command.CommandTimeout = seconds;
        }

        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    [GeneratedRegex(@"^(?<version>\d{3})_[^\\/]+\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex ScriptName();

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema script {Name} (version {Version}).")]
    private static partial void LogApplied(ILogger logger, string name, int version);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Schema script {Name} (version {Version}) changed since it was applied (checksum {Recorded} recorded, {Current} now); applying it again, as every script is idempotent.")]
    private static partial void LogChecksumChanged(ILogger logger, string name, int version, string recorded, string current);

    private sealed record Script(int Version, string Name, string Checksum, string Text);
}
