using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MotCua.Bench.Baseline;
using Npgsql;

// The conventional design MotCua is measured against: a stateless ASP.NET service on one PostgreSQL, serving the same
// routes of the fee lifecycle (scenario 1) with one database transaction per step, row locks (SELECT ... FOR UPDATE),
// and the Idempotency-Key stored in the same transaction as the step's effect. Plus GET /trivial/dossiers/{code}, a
// constant answer with no database, as the HTTP ceiling for reads (scenario 3).
var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration.GetConnectionString("Baseline")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Baseline.");
var pool = new NpgsqlConnectionStringBuilder(connectionString);
if (!connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase))
{
    pool.MaxPoolSize = 20; // the same budget as one MotCua silo (MotCua:Database:DefaultMaxPoolSize)
}

builder.Services.AddSingleton(NpgsqlDataSource.Create(pool.ConnectionString));
builder.Services.AddSingleton<Keys>();
builder.Services.AddSingleton<Lifecycle>();
var app = builder.Build();

await using (var command = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(Schema.Sql))
{
    await command.ExecuteNonQueryAsync();
}

var trivialBody = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Lifecycle.SampleView(), Lifecycle.Json));
app.MapGet("/trivial/dossiers/{code}", (string code, HttpContext http) =>
{
    http.Response.ContentType = "application/json";
    return http.Response.Body.WriteAsync(trivialBody).AsTask();
});

var lifecycle = app.Services.GetRequiredService<Lifecycle>();
app.MapPost("/v1/dossiers", lifecycle.FileAsync);
app.MapPost("/v1/dossiers/{code}/accept", lifecycle.AcceptAsync);
app.MapPost("/v1/dossiers/{code}/request-payment", lifecycle.RequestPaymentAsync);
app.MapGet("/v1/dossiers/{code}", lifecycle.GetDossierAsync);
app.MapPost("/v1/payments", lifecycle.CreatePaymentAsync);
app.MapPost("/v1/channels/{channelId}/collections", lifecycle.CollectAsync);
app.MapGet("/v1/channels/{channelId}", lifecycle.GetChannelAsync);
app.MapGet("/v1/ledger/audit", lifecycle.AuditAsync);
await app.RunAsync();

/// <summary>API keys, looked up by the SHA-256 of the presented secret (as MotCua does).</summary>
public sealed class Keys
{
    private readonly Dictionary<string, Caller> _byHash = new(StringComparer.Ordinal);

    public Keys()
    {
        Add("dev-portal", new Caller("kid-dev-portal", "portal", null, null));
        Add("dev-officer-SXD", new Caller("kid-dev-officer-sxd", "officer", "SXD", null));
        Add("dev-operator", new Caller("kid-dev-operator", "operator", null, null));
        for (var i = 0; i < 1024; i++)
        {
            Add($"bench-agent-{i:D4}", new Caller($"kid-bench-agent-{i:D4}", "agent", null, $"vnpost:BENCH-{i:D4}"));
        }
    }

    public Caller? Find(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) ? _byHash.GetValueOrDefault(Hash(header[7..])) : null;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private void Add(string secret, Caller caller) => _byHash[Hash(secret)] = caller;
}

/// <summary>An authenticated caller.</summary>
public sealed record Caller(string KeyId, string Role, string? AgencyCode, string? ChannelId);

/// <summary>public for the minimal API's generated code.</summary>
public partial class Program;
