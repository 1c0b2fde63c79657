using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MotCua.Console.Tests.Infrastructure;

/// <summary>
/// Runs a scenario of <c>browser/console.mjs</c>: node with playwright-core (from npm, <c>npm ci</c> in
/// tests/Console.Tests) driving Debian's chromium. Nothing is downloaded; a missing piece fails with what to install.
/// </summary>
public static class Browser
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromSeconds(120);

    /// <summary>tests/Console.Tests in the source tree (package.json, node_modules, browser/).</summary>
    public static string ProjectDirectory { get; } = FindProjectDirectory();

    /// <summary>Where screenshots go: next to the test assembly, under artifacts/ (ignored by git).</summary>
    public static string ArtifactsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts");

    /// <summary>Throws with what to install when chromium, node or playwright-core is missing (never skips).</summary>
    public static void EnsureInstalled()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException(
                $"Debian's chromium is missing at {Chromium}: install it with 'apt-get install -y chromium' (.ci/run does). "
                + "The console's browser tests never download a browser.");
        }

        if (!File.Exists(Path.Combine(ProjectDirectory, "node_modules", "playwright-core", "package.json")))
        {
            throw new InvalidOperationException(
                $"playwright-core is not installed in {ProjectDirectory}: run 'npm ci' there (.ci/run does).");
        }

        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", ["--version"]) { RedirectStandardOutput = true })!;
            node.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("node is not on PATH: install Node.js 20 or later to run the console's browser tests.", ex);
        }
    }

    /// <summary>Runs <paramref name="scenario"/> with <paramref name="input"/>; returns its RESULT object or fails with its output.</summary>
    public static async Task<JsonObject> RunAsync(string scenario, JsonObject input, string script = "console.mjs")
    {
        EnsureInstalled();
        var profile = Directory.CreateTempSubdirectory("motcua-console-chromium-");
        try
        {
            input["chromium"] = Chromium;
            input["userDataDir"] = profile.FullName;
            input["artifactsDir"] = ArtifactsDirectory;
            var info = new ProcessStartInfo("node", [Path.Combine(ProjectDirectory, "browser", script), scenario])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = ProjectDirectory,
            };
            info.Environment["MOTCUA_CONSOLE_INPUT"] = input.ToJsonString();
            var output = new StringBuilder();
            using var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start.");
            process.OutputDataReceived += (_, e) => Append(output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(output, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using (var timeout = new CancellationTokenSource(ScenarioTimeout))
            {
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                    throw new TimeoutException($"The browser scenario '{scenario}' ran over {ScenarioTimeout}:\n{Text(output)}");
                }
            }

            process.WaitForExit(); // drains the redirected output
            var text = Text(output);
            Assert.True(process.ExitCode == 0, $"The browser scenario '{scenario}' failed (screenshots in {ArtifactsDirectory}):\n{text}");
            var line = text.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"The browser scenario '{scenario}' printed no RESULT:\n{text}");
            return JsonNode.Parse(line["RESULT ".Length..])!.AsObject();
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string FindProjectDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Console.Tests");
            if (File.Exists(Path.Combine(candidate, "package.json")) && File.Exists(Path.Combine(candidate, "browser", "console.mjs")))
            {
                return candidate;
            }

            if (File.Exists(Path.Combine(directory.FullName, "package.json")) && File.Exists(Path.Combine(directory.FullName, "browser", "console.mjs")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"tests/Console.Tests (package.json, browser/console.mjs) not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>JSON for the scenario input.</summary>
    public static JsonNode? ToNode(object value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web);
}
