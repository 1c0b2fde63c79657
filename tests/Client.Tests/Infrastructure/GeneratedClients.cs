using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Client.Tests.Infrastructure;

/// <summary>
/// Builds the generated <see cref="MotCuaClient"/> as a portal team would: Kiota's own HTTP pipeline (retry, redirect,
/// headers inspection…) and its bearer-token authentication with an API key, over the embedded MotCua's test server.
/// </summary>
public static class GeneratedClients
{
    public const string Portal = "dev-portal";
    public const string Officer = "dev-officer-SXD";
    public const string Agent = "dev-agent-vnpost-HN0001";
    public const string Operator = "dev-operator";

    public static MotCuaClient For(MotCuaFactory factory, string apiKey)
    {
        var handlers = KiotaClientFactory.CreateDefaultHandlers();
        handlers.Insert(0, new IdempotencyKeyHandler()); // first, so that Kiota's retries resend the same key
        var http = KiotaClientFactory.Create(handlers, factory.Server.CreateHandler());
        var adapter = new HttpClientRequestAdapter(new BaseBearerTokenAuthenticationProvider(new ApiKey(apiKey)), httpClient: http)
        {
            BaseUrl = factory.Server.BaseAddress.ToString().TrimEnd('/'),
        };
        return new MotCuaClient(adapter);
    }

    /// <summary>The document's <c>ApiKey</c> scheme is HTTP bearer: the key is the token.</summary>
    private sealed class ApiKey(string key) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default) => Task.FromResult(key);
    }

    /// <summary>
    /// Every POST that creates or moves something needs an <c>Idempotency-Key</c>: a fresh one unless the call set its
    /// own (<c>requestConfiguration.Headers.Add("Idempotency-Key", ...)</c>), as a retrying client would.
    /// </summary>
    private sealed class IdempotencyKeyHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && !request.Headers.Contains("Idempotency-Key"))
            {
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
