using System.Collections.Frozen;
using System.Text.Json;

namespace MotCua.Api.Validation;

/// <summary>
/// The 63 province codes a personal identification number starts with (the province where the citizen's birth was
/// registered), from Circular 07/2016/TT-BCA; the data and its source are in <c>Validation/Data/province-codes.json</c>.
/// </summary>
public static class ProvinceCodes
{
    private static readonly Lazy<FrozenDictionary<string, string>> Codes = new(Load);

    /// <summary>Code → province name.</summary>
    public static IReadOnlyDictionary<string, string> All => Codes.Value;

    public static bool IsValid(string code) => Codes.Value.ContainsKey(code);

    private static FrozenDictionary<string, string> Load()
    {
        using var stream = typeof(ProvinceCodes).Assembly.GetManifestResourceStream("MotCua.Api.Validation.Data.province-codes.json")
            ?? throw new InvalidOperationException("The embedded province code list is missing.");
        using var document = JsonDocument.Parse(stream);
        var codes = document.RootElement.GetProperty("provinces").EnumerateArray()
            .ToFrozenDictionary(p => p.GetProperty("code").GetString()!, p => p.GetProperty("name").GetString()!, StringComparer.Ordinal);
        if (codes.Count != 63)
        {
            throw new InvalidOperationException($"The province code list has {codes.Count} codes, not 63.");
        }

        return codes;
    }
}
