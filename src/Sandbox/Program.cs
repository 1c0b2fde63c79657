namespace MotCua.Sandbox;

/// <summary>
/// The sandbox's entry point: <c>dotnet run --project src/Sandbox -- --urls http://127.0.0.1:5090 --Sandbox:CallbackBaseUrl http://localhost:5080</c>.
/// An explicit class rather than top-level statements, so no global <c>Program</c> type clashes with the silo's, which
/// references this project to embed the sandbox and whose <c>Program</c> the WebApplicationFactory tests use.
/// </summary>
internal static class SandboxProgram
{
    private static void Main(string[] args) => SandboxApp.Build(args).Run();
}
