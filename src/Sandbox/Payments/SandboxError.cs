namespace MotCua.Sandbox.Payments;

/// <summary>A refusal, rendered by each provider in its own error format.</summary>
public sealed record SandboxError(int Status, string Code, string Message)
{
    /// <summary>No such payment.</summary>
    public static SandboxError NotFound(string id) => new(404, "not_found", $"No payment '{id}'.");

    /// <summary>Bad input.</summary>
    public static SandboxError Invalid(string message) => new(400, "invalid_request", message);
}

/// <summary>A value or the reason there is none.</summary>
public readonly record struct Outcome<T>(T? Value, SandboxError? Error)
{
    /// <summary>Success.</summary>
    public static implicit operator Outcome<T>(T value) => new(value, null);

    /// <summary>Failure.</summary>
    public static implicit operator Outcome<T>(SandboxError error) => new(default, error);
}
