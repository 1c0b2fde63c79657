namespace MotCua.Sandbox.Tests.Infrastructure;

/// <summary>A clock that says what the test tells it, shared by the sandbox and the test's verifier.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
