using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace MotCua.Integration.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL server for one test run: <c>initdb</c> in a temporary folder, started with
/// <c>pg_ctl</c> on a free loopback port, stopped and deleted on dispose. Share it through the
/// <c>"postgres"</c> collection and give each test its own database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
/// <remarks>
/// The binaries are looked up on PATH, then under <c>/usr/lib/postgresql/*/bin</c> (newest first).
/// <c>initdb</c> refuses to run as root, so as root the server is created and run as the
/// <c>postgres</c> OS user through <c>runuser</c>. Durability is off (<c>fsync=off</c>): the data is
/// thrown away anyway.
/// </remarks>
public sealed partial class PostgresServer : IAsyncLifetime
{
    private const string Superuser = "postgres";
    private const int MaxPoolSize = 100;
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(90);

    private string? _rootFolder;
    private string? _dataFolder;
    private string? _pgCtl;

    /// <summary>Connection string to the server's <c>postgres</c> database, as the superuser.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The TCP port the server listens on (127.0.0.1 only).</summary>
    public int Port { get; private set; }

    /// <summary>Creates a new empty database and returns a connection string to it.</summary>
    /// <param name="name">Database name: letters, digits and underscores, starting with a letter, at most 63 characters.
    /// It must not exist yet (use one name per test).</param>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a usable database name: use letters, digits and underscores, starting with a letter, at most 63 characters.",
                nameof(name));
        }

        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException(
                "The private PostgreSQL server is started the Unix way (initdb, pg_ctl, runuser): run the integration tests on Linux.");
        }

        var initdb = FindBinary("initdb");
        _pgCtl = FindBinary("pg_ctl");
        var asRoot = IsRoot();
        if (asRoot && !File.Exists("/usr/sbin/runuser") && !File.Exists("/usr/bin/runuser"))
        {
            throw new InvalidOperationException(
                "The tests run as root, where initdb refuses to run, and 'runuser' is missing to run it as the 'postgres' user. "
                + "Install it with `apt-get install util-linux`, or run the tests as an ordinary user.");
        }

        _rootFolder = Path.Combine(Path.GetTempPath(), "motcua-pg-" + Guid.NewGuid().ToString("N")[..12]);
        _dataFolder = Path.Combine(_rootFolder, "data");
        Directory.CreateDirectory(_rootFolder);
        try
        {
            // The server (run as the postgres user when we are root) writes its data, socket and log here.
            File.SetUnixFileMode(_rootFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);

            await RunAsync(initdb, asRoot,
                ["-D", _dataFolder, "-A", "trust", "-U", Superuser, "-E", "UTF8", "--locale=C", "--no-sync"]);

            // Another process can take the free port between the probe and the start: then try another.
            for (var attempt = 1; ; attempt++)
            {
                Port = FindFreePort();
                try
                {
                    await RunAsync(_pgCtl, asRoot,
                    [
                        "-D", _dataFolder,
                        "-o", $"-p {Port} -k {_rootFolder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                        "-l", Path.Combine(_rootFolder, "log"),
                        "-w", "-t", "60",
                        "start",
                    ]);
                    break;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    // Retried with a new port; the last attempt's error is thrown with pg_ctl's output.
                }
            }
        }
        catch
        {
            await DisposeAsync();
            throw;
        }

        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = Superuser,
            Database = "postgres",
            MaxPoolSize = MaxPoolSize,
        }.ConnectionString;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            // postmaster.pid exists while a server runs on the folder (also after a start that timed out).
            if (_pgCtl is not null && _dataFolder is not null && File.Exists(Path.Combine(_dataFolder, "postmaster.pid")))
            {
                await RunAsync(_pgCtl, IsRoot(), ["-D", _dataFolder, "-m", "immediate", "-w", "stop"]);
            }
        }
        finally
        {
            if (_rootFolder is not null && Directory.Exists(_rootFolder))
            {
                Directory.Delete(_rootFolder, recursive: true);
            }
        }
    }

    private static string FindBinary(string name)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        const string debianRoot = "/usr/lib/postgresql";
        var underDebianRoot = Directory.Exists(debianRoot)
            ? Directory.EnumerateDirectories(debianRoot)
                .Select(folder => (Version: int.TryParse(Path.GetFileName(folder), out var v) ? v : 0, Path: Path.Combine(folder, "bin", name)))
                .Where(candidate => File.Exists(candidate.Path))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Path)
                .FirstOrDefault()
            : null;

        return underDebianRoot ?? throw new InvalidOperationException(
            $"The PostgreSQL server binary '{name}' was found neither on PATH nor under {debianRoot}/*/bin. "
            + "The integration tests start their own PostgreSQL 15 server: install it with `apt-get install postgresql` "
            + "(Debian/Ubuntu; the tests need only the binaries, no running service).");
    }

    private static async Task RunAsync(string binary, bool asPostgresUser, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo
        {
            FileName = asPostgresUser ? "runuser" : binary,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgresUser)
        {
            foreach (var argument in new[] { "-u", Superuser, "--", binary })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ToolTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(binary)} did not finish within {ToolTimeout.TotalSeconds} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(binary)} {string.Join(' ', arguments)} exited with code {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // On Unix, Environment.UserName is the name of the effective user id.
    private static bool IsRoot() => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}

/// <summary>Tests in this collection share one <see cref="PostgresServer"/>.</summary>
[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>;
