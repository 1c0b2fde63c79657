using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests.Security;

/// <summary>For every route of <see cref="RouteTable"/>: no key 401, a wrong role or binding 403, bad input 400 with its field.</summary>
[Collection(SecurityCollection.Name)]
public sealed class RouteAuthorizationTests(SecurityFixture fixture)
{
    public static TheoryData<string> Routes()
    {
        var data = new TheoryData<string>();
        foreach (var route in RouteTable.All)
        {
            data.Add(route.ToString());
        }

        return data;
    }

    public static TheoryData<string> RoutesWithBadInput()
    {
        var data = new TheoryData<string>();
        foreach (var route in RouteTable.All.Where(r => r.Bad is not null))
        {
            data.Add(route.ToString());
        }

        return data;
    }

    public static TheoryData<string> RoutesWithBinding()
    {
        var data = new TheoryData<string>();
        foreach (var route in RouteTable.All.Where(r => r.Binding is not null))
        {
            data.Add(route.ToString());
        }

        return data;
    }

    [Fact]
    public void TheTableCoversEveryRouteTheApiMaps()
    {
        var mapped = fixture.Factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/v1", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet();
        var listed = RouteTable.All.Select(r => r.ToString()).Concat(RouteTable.SignedByProviders).Concat(RouteTable.OpenToSlipHolders).ToHashSet();

        Assert.Empty(mapped.Except(listed).Order());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task WithoutAKeyTheRouteIs401(string name)
    {
        var route = Find(name);

        var response = await SendAsync(route, null, route.Args(fixture), route.Body?.Invoke(fixture), route.Query);

        await ApiClient.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AnUnknownOrRevokedKeyIs401(string name)
    {
        var route = Find(name);

        foreach (var key in new[] { "not-a-key", fixture.RevokedKey, "mc1_kaaaaaaaaaaaaaaaaaaaa_" + new string('0', 64) })
        {
            var response = await SendAsync(route, key, route.Args(fixture), route.Body?.Invoke(fixture), route.Query);
            await ApiClient.ProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryOtherRoleIs403(string name)
    {
        var route = Find(name);

        foreach (var role in RouteTable.AllRoles.Except(route.Roles))
        {
            var response = await SendAsync(route, RouteTable.KeyFor(role), route.Args(fixture), route.Body?.Invoke(fixture), route.Query);
            await ApiClient.ProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        }
    }

    [Theory]
    [MemberData(nameof(RoutesWithBinding))]
    public async Task AKeyOutsideItsAgencyOrChannelIs403(string name)
    {
        var route = Find(name);
        var binding = route.Binding!(fixture);
        var before = await fixture.SnapshotAsync();

        var response = await SendAsync(route, binding.Key, binding.Args, route.Body?.Invoke(fixture), binding.Query ?? route.Query);

        var problem = await ApiClient.JsonAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("forbidden", (string?)problem["code"], StringComparison.Ordinal);
        Assert.Equal(before, await fixture.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(RoutesWithBadInput))]
    public async Task BadInputIs400WithTheFieldNamed(string name)
    {
        var route = Find(name);
        var bad = route.Bad!(fixture);

        var response = await SendAsync(route, RouteTable.KeyFor(route.Roles[0]), bad.Args ?? route.Args(fixture),
            bad.Body ?? route.Body?.Invoke(fixture), bad.Query ?? route.Query);

        var problem = await ApiClient.ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(bad.Field), $"Expected an error for '{bad.Field}', got: {errors.ToJsonString()}");
    }

    private static RouteCase Find(string name) => RouteTable.All.Single(r => r.ToString() == name);

    private Task<HttpResponseMessage> SendAsync(RouteCase route, string? key, string[] args, JsonObject? body, string? query)
    {
        var client = fixture.Factory.ClientFor(null);
        var path = route.PathWith(args) + (query is null ? "" : "?" + query);
        var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (route.IsPost)
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }
        }

        return client.SendAsync(request);
    }
}
