using System.Text.Json;

namespace MotCua.Gateways.Http;

/// <summary>Reads the error members out of a provider's error body, whatever its envelope.</summary>
internal static class ProviderErrorReader
{
    /// <summary>Reads <paramref name="codeMember"/> and <paramref name="messageMember"/> of <paramref name="element"/>, if it is an object.</summary>
    public static ProviderError Read(JsonElement element, string codeMember, string messageMember) =>
        element.ValueKind == JsonValueKind.Object
            ? new ProviderError(ReadString(element, codeMember), ReadString(element, messageMember))
            : default;

    /// <summary>The object member <paramref name="name"/>, or an undefined element.</summary>
    public static JsonElement Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
