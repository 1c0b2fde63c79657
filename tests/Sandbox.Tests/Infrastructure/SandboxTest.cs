namespace MotCua.Sandbox.Tests.Infrastructure;

/// <summary>Base of the end-to-end tests: a fresh <see cref="SandboxWorld"/> per test.</summary>
public abstract class SandboxTest : IAsyncLifetime
{
    private SandboxWorld? world;

    protected SandboxWorld World => world ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => world = await SandboxWorld.StartAsync();

    public async Task DisposeAsync()
    {
        if (world is not null)
        {
            await world.DisposeAsync();
        }
    }
}
