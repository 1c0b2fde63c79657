namespace MotCua.Gateways.Http;

/// <summary>The error code and message a provider put in a failed answer's body.</summary>
internal readonly record struct ProviderError(string? Code, string? Message);
