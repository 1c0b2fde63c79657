using MotCua.Api;
using MotCua.Api.Auth;
using MotCua.Api.Diagnostics;
using MotCua.Grains;
using MotCua.Silo.Hosting;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
if (args.Length > 0 && args[0] == "migrate")
{
    using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
    return await SchemaStartup.MigrateAsync(builder.Configuration, loggers);
}

if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls(SiloDefaults.Url);
}


builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 64 * 1024);
builder.Services.AddHostedService<EmbeddedSandbox>();
builder.UseOrleans(silo => SiloConfiguration.Configure(silo, builder.Configuration));
builder.Services.AddMotCuaGrains(builder.Configuration);
builder.Services.AddMotCuaApi(builder.Configuration);
builder.Services.AddHealthChecks().AddCheck<CalendarReadyCheck>("calendar", tags: ["ready"]);
builder.Services.AddMotCuaTelemetry(builder.Configuration, "motcua-silo");

var app = builder.Build();
await SchemaStartup.ApplyIfConfiguredAsync(app.Configuration, app.Logger);
app.UseMotCuaApi();
app.MapOrleansDashboard("/dashboard").RequireAuthorization(RolePolicies.Operator);
await app.RunAsync();
return 0;

/// <summary>The silo host; public for WebApplicationFactory in tests.</summary>
public partial class Program;
