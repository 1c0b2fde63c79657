using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace MotCua.Api.WebConsole;

/// <summary>One file of the web console: its bytes, media type and a strong ETag.</summary>
public sealed record ConsoleAsset(string Path, byte[] Content, string ContentType, string ETag);

/// <summary>
/// The web console's static files, embedded in the API assembly (<c>Console/assets/**</c>, resource names
/// <c>console/&lt;path&gt;</c>), so a silo that hosts the API and a standalone API node serve the same console
/// without a wwwroot folder on disk.
/// </summary>
public static class ConsoleAssets
{
    private const string Prefix = "console/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<FrozenDictionary<string, ConsoleAsset>> All = new(Load);

    /// <summary>The asset at <paramref name="path"/> (relative to <c>/console/</c>), or null.</summary>
    public static ConsoleAsset? Find(string path) => All.Value.GetValueOrDefault(path);

    /// <summary>Every embedded path, for tests and diagnostics.</summary>
    public static IReadOnlyCollection<string> Paths => All.Value.Keys;

    private static FrozenDictionary<string, ConsoleAsset> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            var normalized = name.Replace('\\', '/');
            if (!normalized.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var path = normalized[Prefix.Length..];
            var extension = System.IO.Path.GetExtension(path);
            if (!ContentTypes.TryGetValue(extension, out var contentType))
            {
                throw new InvalidOperationException($"The console asset '{path}' has no known media type; add '{extension}' to ConsoleAssets.");
            }

            var content = Read(assembly, name);
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"";
            assets[path] = new ConsoleAsset(path, content, contentType, etag);
        }

        if (!assets.ContainsKey("index.html"))
        {
            throw new InvalidOperationException("The console's index.html is not embedded in the API assembly.");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' cannot be read.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
