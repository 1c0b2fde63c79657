using MotCua.Api.Tests.Infrastructure;
using MotCua.Client.Tests.Infrastructure;

namespace MotCua.Client.Tests;

/// <summary>
/// The committed client (tests/Client/Generated), which <see cref="CashPathClientTests"/> compiles against and drives, is
/// exactly what the pinned Kiota generates from the live <c>/openapi/v1.json</c>. A change to the document that changes
/// the client therefore fails here until the client is regenerated, and then, if the change breaks callers, the build.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GeneratedClientTests(MotCuaFactory factory)
{
    /// <summary>Set to 1 (scripts/generate-client.sh does) to write the generated client into tests/Client/Generated instead of comparing.</summary>
    public const string UpdateVariable = "MOTCUA_UPDATE_CLIENT";

    private const string Regenerate = "bash scripts/generate-client.sh";

    [Fact]
    public async Task TheCommittedClientIsWhatKiotaGeneratesFromTheLiveDocument()
    {
        var work = Directory.CreateTempSubdirectory("motcua-kiota-");
        try
        {
            var document = Path.Combine(work.FullName, "openapi.json");
            await File.WriteAllTextAsync(document, await factory.CreateClient().GetStringAsync("/openapi/v1.json"));
            var output = Path.Combine(work.FullName, "Generated");

            var report = await Kiota.GenerateAsync(document, output);

            var warnings = report.Split('\n').Where(l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal)
                || l.StartsWith("crit:", StringComparison.Ordinal)).ToList();
            Assert.True(warnings.Count == 0, $"Kiota reports problems with the live document:\n{report}");
            // The lock file records where the document was read (a temporary file) and its hash: nothing a client compiles.
            File.Delete(Path.Combine(output, "kiota-lock.json"));
            var generated = Read(output);
            Assert.Contains("MotCuaClient.cs", generated.Keys);

            if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
            {
                Replace(Kiota.GeneratedClientDirectory, output);
                return;
            }

            var committed = Directory.Exists(Kiota.GeneratedClientDirectory) ? Read(Kiota.GeneratedClientDirectory) : [];
            var differences = Differences(committed, generated);
            Assert.True(differences.Count == 0,
                $"tests/Client/Generated is not what Kiota generates from the live /openapi/v1.json ({differences.Count} files differ). "
                + $"If the document change is meant, run '{Regenerate}' and commit the result: the build and CashPathClientTests then "
                + $"show what the change breaks for generated clients.\n{string.Join('\n', differences.Take(20))}");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Every file under <paramref name="root"/> by its path relative to it ('/' separators), line endings as LF.</summary>
    private static SortedDictionary<string, string> Read(string root) =>
        new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(root, f).Replace('\\', '/'),
            f => File.ReadAllText(f).ReplaceLineEndings("\n")), StringComparer.Ordinal);

    /// <summary>Makes <paramref name="root"/> a byte-for-byte copy of what Kiota wrote to <paramref name="output"/>.</summary>
    private static void Replace(string root, string output)
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        foreach (var file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root, Path.GetRelativePath(output, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static List<string> Differences(SortedDictionary<string, string> committed, SortedDictionary<string, string> generated)
    {
        var differences = new List<string>();
        foreach (var path in committed.Keys.Union(generated.Keys).Order(StringComparer.Ordinal))
        {
            if (!generated.TryGetValue(path, out var wanted))
            {
                differences.Add($"  no longer generated: {path}");
            }
            else if (!committed.TryGetValue(path, out var have))
            {
                differences.Add($"  newly generated:     {path}");
            }
            else if (have != wanted)
            {
                var a = have.Split('\n');
                var b = wanted.Split('\n');
                var line = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
                differences.Add($"  changed:             {path} line {line + 1}\n"
                    + $"    committed: {(line < a.Length ? a[line].Trim() : "(end of file)")}\n"
                    + $"    generated: {(line < b.Length ? b[line].Trim() : "(end of file)")}");
            }
        }

        return differences;
    }
}
