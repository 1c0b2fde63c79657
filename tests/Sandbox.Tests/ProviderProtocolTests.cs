using System.Net;
using System.Net.Http.Json;
using MotCua.Sandbox.Tests.Infrastructure;

namespace MotCua.Sandbox.Tests;

/// <summary>The sandbox keeps the providers' idempotency promises that the clients' retries rely on.</summary>
public sealed class ProviderProtocolTests : SandboxTest
{
    [Fact]
    public async Task ReplayingAKeyReturnsTheFirstAnswerWithoutASecondPayment()
    {
        var first = await CreateAsync("key-1", 10_000);
        var replay = await CreateAsync("key-1", 10_000);

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(1, await World.PaymentCountAsync("viettelpay"));
    }

    [Fact]
    public async Task ReusingAKeyForAnotherRequestIs422()
    {
        await CreateAsync("key-2", 10_000);

        var reused = await CreateAsync("key-2", 20_000);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Contains("idempotency_key_reused", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProviderPostWithoutAKeyIsRefused()
    {
        var answer = await CreateAsync(null, 10_000);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("idempotency_key_required", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFieldTheProtocolDoesNotKnowIsRefused()
    {
        using var request = WithCredentials(HttpMethod.Post, "/viettelpay/v2/payments", "key-3");
        request.Content = JsonContent.Create(new { orderId = "O", transAmount = 1, description = "x", returnUrl = (string?)null, amount = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, (await World.Control.SendAsync(request)).StatusCode);
    }

    private async Task<HttpResponseMessage> CreateAsync(string? key, long amount)
    {
        using var request = WithCredentials(HttpMethod.Post, "/viettelpay/v2/payments", key);
        request.Content = JsonContent.Create(new { orderId = "PAY-1", transAmount = amount, description = "Le phi", returnUrl = (string?)null });
        var answer = await World.Control.SendAsync(request);
        await answer.Content.LoadIntoBufferAsync();
        return answer;
    }

    private static HttpRequestMessage WithCredentials(HttpMethod method, string path, string? key)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Authorization", "Bearer sk_sandbox_viettelpay");
        request.Headers.Add("X-Merchant-Id", "MOTCUA");
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }
}
