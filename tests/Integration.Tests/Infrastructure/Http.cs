using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MotCua.Integration.Tests.Infrastructure;

/// <summary>Small helpers to drive the API over real HTTP.</summary>
public static class Http
{
    public static async Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, object? body, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    public static async Task<JsonNode> ExpectAsync(this Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<string> RawAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return text;
    }

    public static object Filing(string centre = "HN-TTHCC") => new
    {
        procedureCode = "SXD-XD-001",
        agencyCode = "SXD",
        receivingCentre = centre,
        applicant = new { citizenId = "001089001234", fullName = "Lê Thị Cúc" },
    };

    public static object Fee(long amount) => new { items = new[] { new { kind = "charge", name = "Lệ phí", amount } } };
}
