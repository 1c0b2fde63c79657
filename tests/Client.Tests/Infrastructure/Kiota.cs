using System.Diagnostics;
using System.Text;

namespace MotCua.Client.Tests.Infrastructure;

/// <summary>
/// Runs the Kiota the repository pins (<c>.config/dotnet-tools.json</c>, restored with <c>dotnet tool restore</c>: nothing
/// installed globally is used) with the one set of options tests/Client/Generated is generated with.
/// </summary>
public static class Kiota
{
    /// <summary>The options of <c>kiota generate</c> for tests/Client/Generated; scripts/generate-client.sh uses these through the test.</summary>
    public static readonly IReadOnlyList<string> Options =
    [
        "--language", "CSharp",
        "--class-name", "MotCuaClient",
        "--namespace-name", "MotCua.Client",
        "--exclude-backward-compatible",
        "--clean-output",
        "--log-level", "Warning",
    ];

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string GeneratedClientDirectory { get; } = Path.Combine(RepositoryRoot, "tests", "Client", "Generated");

    /// <summary>Generates the client for <paramref name="document"/> into <paramref name="output"/>; returns what Kiota printed.</summary>
    public static async Task<string> GenerateAsync(string document, string output)
    {
        await DotnetAsync(["tool", "restore"], TimeSpan.FromMinutes(5));
        return await DotnetAsync(["tool", "run", "kiota", "generate", .. Options, "--openapi", document, "--output", output], TimeSpan.FromMinutes(2));
    }

    private static async Task<string> DotnetAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["KIOTA_OFFLINE_ENABLED"] = "true"; // no update check
        start.Environment["KIOTA_CLI_TELEMETRY_OPTOUT"] = "true";
        start.Environment["KIOTA_TUTORIAL_ENABLED"] = "false";
        start.Environment["KIOTA_CONSOLE_COLORS_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var report = await output + await error;
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{report}");
        return report;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cluster.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Cluster.sln not found above {AppContext.BaseDirectory}.");
    }
}
