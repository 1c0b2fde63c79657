using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using MotCua.Integration.Tests.Infrastructure;
using Npgsql;

namespace MotCua.Integration.Tests.Upgrade;

/// <summary>
/// The committed database of the release before the history tables (tests/Upgrade/fixtures, made by
/// tests/Upgrade/make-dump.sh from f51f5af) and that release's answers about it.
/// </summary>
public static class UpgradeFixture
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "upgrade");

    /// <summary>The old release's answers: dossiers, payments, wallets, channels, lists, ledger audit, stats, audit log.</summary>
    public static JsonObject Expected()
    {
        using var file = File.OpenRead(Path.Combine(Folder, "expected.json.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        return JsonNode.Parse(gzip)!.AsObject();
    }

    /// <summary>Creates a database and restores the dump into it with psql; returns its connection string.</summary>
    public static async Task<string> RestoreAsync(PostgresServer postgres, string name)
    {
        var connectionString = await postgres.CreateDatabaseAsync(name);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Psql())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username!,
                     "-d", builder.Database!, "-q", "-v", "ON_ERROR_STOP=1", "-f", "-",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("psql did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await using (var dump = new GZipStream(File.OpenRead(Path.Combine(Folder, "pre-history.sql.gz")), CompressionMode.Decompress))
        {
            await dump.CopyToAsync(process.StandardInput.BaseStream);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql could not restore the dump ({process.ExitCode}): {await errors}{await output}");
        }

        return connectionString;
    }

    /// <summary>Runs <c>dotnet MotCua.Silo.dll migrate</c> as an operator would; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> MigrateAsync(string connectionString)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "MotCua.Silo.dll"), "migrate"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ConnectionStrings__MotCua"] = connectionString;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>
    /// Every table the upgrade writes, and the grain rows (without their write time), as one text per table: equal texts
    /// mean equal contents.
    /// </summary>
    public static async Task<Dictionary<string, string>> SnapshotAsync(string connectionString)
    {
        string[] tables =
        [
            "motcua_journal_entries", "motcua_journal_postings", "motcua_account_balances", "motcua_journal_shards",
            "motcua_receipts", "motcua_dossier_numbers", "motcua_channel_collections", "motcua_channel_settlements",
            "motcua_audit", "motcua_idempotency", "motcua_dossier_index", "motcua_agency_dossier_stats",
            "motcua_agency_stats_shards", "motcua_channel_day_payments", "motcua_channel_day_totals", "motcua_payments_paid",
        ];
        var snapshot = new Dictionary<string, string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var table in tables)
        {
            snapshot[table] = await ScalarAsync(connection,
                $"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {table} t");
        }

        snapshot["orleansstorage"] = await ScalarAsync(connection, """
            SELECT count(*) || ':' || md5(string_agg(concat_ws(',', graintypestring, grainidn0, grainidn1, grainidextensionstring,
                serviceid, md5(payloadbinary), version), '|' ORDER BY graintypestring, grainidn1, grainidextensionstring))
            FROM orleansstorage
            """);
        return snapshot;
    }

    public static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "";
    }

    private static string Psql()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "psql"))
            .FirstOrDefault(File.Exists);
        var underDebian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateFiles("/usr/lib/postgresql", "psql", SearchOption.AllDirectories).OrderDescending().FirstOrDefault()
            : null;
        return onPath ?? underDebian ?? throw new InvalidOperationException(
            "psql was found neither on PATH nor under /usr/lib/postgresql: the upgrade test restores its dump with it "
            + "(apt-get install postgresql-client).");
    }
}
