using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using MotCua.Api.OpenApi;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests;

/// <summary>
/// The live /openapi/v1.json as clients generate from it: Redocly's recommended lint rules pass (with the repository's
/// redocly.yaml), and every operation declares its security, summary, description, operationId and problem answers.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiContractTests(MotCuaFactory factory)
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();
    private static readonly string PackageDirectory = Path.Combine(RepositoryRoot, "tests", "Api.Tests");

    [Fact]
    public async Task TheLiveDocumentPassesRedoclyLintWithTheRecommendedRules()
    {
        var cli = Path.Combine(PackageDirectory, "node_modules", "@redocly", "cli", "bin", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"@redocly/cli is not installed in {PackageDirectory}: run 'npm ci' there (.ci/run does).");
        }

        var json = await factory.CreateClient().GetStringAsync("/openapi/v1.json");
        var file = Path.Combine(Path.GetTempPath(), $"motcua-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json);
        try
        {
            var start = new ProcessStartInfo("node", [cli, "lint", file, "--config", Path.Combine(RepositoryRoot, "redocly.yaml"),
                "--format", "summary", "--max-problems", "1000"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = PackageDirectory,
            };
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            var report = await output + await error;

            Assert.True(process.ExitCode == 0, report);
            Assert.DoesNotContain("warning ", report, StringComparison.Ordinal); // no warnings either
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task EveryOperationDeclaresSecuritySummaryAndItsProblems()
    {
        var document = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Path: p.Key, Method: o.Key, Operation: o.Value!))).ToList();

        Assert.True(operations.Count >= OperationCatalogue.Operations.Count - 1, $"{operations.Count} operations");
        Assert.All(operations, o =>
        {
            var id = (string?)o.Operation["operationId"];
            Assert.False(string.IsNullOrEmpty(id), $"{o.Method} {o.Path}");
            Assert.False(string.IsNullOrEmpty((string?)o.Operation["summary"]), id);
            Assert.False(string.IsNullOrEmpty((string?)o.Operation["description"]), id);
            Assert.NotNull(o.Operation["security"]);
            var responses = o.Operation["responses"]!.AsObject();
            Assert.Contains(responses, r => r.Key.StartsWith('4') && r.Value!["content"]?["application/problem+json"] is not null);
        });
        Assert.Equal(operations.Count, operations.Select(o => (string)o.Operation["operationId"]!).Distinct().Count());

        var accept = operations.Single(o => (string?)o.Operation["operationId"] == "AcceptDossier").Operation;
        Assert.Contains("invalid_transition", (string)accept["responses"]!["409"]!["description"]!, StringComparison.Ordinal);
        Assert.Contains("idempotency_key_reused", (string)accept["responses"]!["422"]!["description"]!, StringComparison.Ordinal);
        Assert.Equal("ApiKey", accept["security"]![0]!.AsObject().Single().Key);
        var notification = operations.Single(o => (string?)o.Operation["operationId"] == "ReceiveGatewayNotification").Operation;
        Assert.Empty(notification["security"]!.AsArray()); // signed by the gateway, no API key
        var file = operations.Single(o => (string?)o.Operation["operationId"] == "FileDossier").Operation;
        Assert.Equal("SXD-XD-001", (string?)file["requestBody"]!["content"]!["application/json"]!["example"]!["procedureCode"]);
        Assert.DoesNotContain(operations, o => o.Path.StartsWith("/dashboard", StringComparison.Ordinal));
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
