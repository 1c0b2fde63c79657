using System.Text.Json.Serialization;
using MotCua.Sandbox.Configuration;
using MotCua.Sandbox.Control;
using MotCua.Sandbox.Faults;
using MotCua.Sandbox.Notifications;
using MotCua.Sandbox.Payments;
using MotCua.Sandbox.Protocol;
using MotCua.Sandbox.Providers;

namespace MotCua.Sandbox;

/// <summary>Builds the sandbox web application, for <c>Program</c> and for tests that host it on a loopback port.</summary>
public static class SandboxApp
{
    /// <summary>The address used when none is given with <c>--urls</c>.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5090";

    /// <summary>Builds (does not start) the sandbox; <paramref name="configure"/> may adjust services or configuration.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SandboxApp).Assembly.GetName().Name,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddOptions<SandboxOptions>().Bind(builder.Configuration.GetSection(SandboxOptions.Section));
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            // Strict: a client that drifts from the protocol (or a typo in a fault) gets a 400, not silence.
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower));
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PaymentBook>();
        builder.Services.AddSingleton<FaultBook>();
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddSingleton<NotificationDispatcher>();
        builder.Services.AddSingleton<PaymentSimulator>();
        builder.Services.AddHttpClient(NotificationDispatcher.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10));
        configure?.Invoke(builder);

        var app = builder.Build();
        // Provider POSTs are fingerprinted for idempotency after the body was bound: keep it readable twice.
        app.Use((context, next) =>
        {
            context.Request.EnableBuffering();
            return next(context);
        });
        app.MapBankApi();
        app.MapViettelPayApi();
        app.MapVnptPayApi();
        app.MapControlEndpoints();
        app.MapCheckoutPages();
        return app;
    }
}
