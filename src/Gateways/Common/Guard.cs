namespace MotCua.Gateways;

/// <summary>Argument checks shared by the clients: a bad argument is a bug in the caller, not a gateway failure.</summary>
internal static class Guard
{
    /// <summary>The longest id or reference the providers accept.</summary>
    public const int MaxReferenceLength = 64;

    public static void Reference(string? value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (value.Length > MaxReferenceLength)
        {
            throw new ArgumentException($"{name} must be at most {MaxReferenceLength} characters.", name);
        }
    }

    public static void Amount(long amount, string name) => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount, name);

    public static string Path(string value) => Uri.EscapeDataString(value);
}
