using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MotCua.Api.Tests.Infrastructure;

/// <summary>Calls the API as one key, with helpers for the fee path.</summary>
public sealed class ApiClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<HttpResponseMessage> PostAsync(string path, object? body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        return await http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(code, (string?)problem["code"]);
        return problem;
    }

    public static object Filing(string centre = "HN-TTHCC") => new
    {
        procedureCode = "SXD-XD-001",
        agencyCode = "SXD",
        receivingCentre = centre,
        applicant = new { citizenId = "001089001234", fullName = "Nguyễn Văn An" },
    };

    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
