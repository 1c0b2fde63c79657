using MotCua.Sandbox;

// dotnet run --project src/Sandbox -- --urls http://127.0.0.1:5090 --Sandbox:CallbackBaseUrl http://localhost:5080
var app = SandboxApp.Build(args);
app.Run();

/// <summary>The sandbox host; public so tests can refer to its assembly.</summary>
public partial class Program;
