using System.Net;
using System.Net.Http.Headers;
using MotCua.Console.Tests.Infrastructure;

namespace MotCua.Console.Tests;

/// <summary>How MotCua serves the console and tells it who is signed in.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleServingTests(ConsoleFixture fixture)
{
    /// <summary>
    /// Vendored files and their SHA-256: Chart.js 4.6.2's <c>dist/chart.umd.min.js</c> and <c>LICENSE.md</c> from the npm
    /// tarball chart.js-4.6.2.tgz (registry integrity sha512-xachB+pPHjp0syJi7llUBA1w3kMYl6NF3o7eVrvjnWCT+IB2zMaF2pX5UYDiwbbfsioFEIRnAjreNOMsGj5TIA==).
    /// </summary>
    private static readonly Dictionary<string, string> Vendored = new(StringComparer.Ordinal)
    {
        ["vendor/chart.umd.min.js"] = "3f288f4f26882c26b58931fb586a9b4f30370b5de38d69dc005b0bd05b08e113",
        ["vendor/chart.js.LICENSE.txt"] = "41a84aa2caba645f966a18d9c2056b73e6d3a81d80bc0046bc0011a2634d4cce",
    };

    private static readonly string AssetsDirectory = Path.GetFullPath(Path.Combine(Browser.ProjectDirectory, "..", "..", "src", "Api", "Console", "assets"));

    [Fact]
    public async Task ConsoleIsServedWithoutAKeyUnderAPolicyThatKeepsItOnMotCua()
    {
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Silo.BaseAddress };
        using (var bare = await noRedirect.GetAsync("/console"))
        {
            Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
            Assert.Equal("/console/", bare.Headers.Location?.OriginalString);
        }

        using var page = await fixture.Anonymous.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(" ", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());

        using var missing = await fixture.Anonymous.GetAsync("/console/js/missing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task EveryConsoleFileIsServedAsCommittedAndNamesNothingOutsideMotCua()
    {
        var files = Directory.EnumerateFiles(AssetsDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("index.html", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var path = Path.GetRelativePath(AssetsDirectory, file).Replace('\\', '/');
            var committed = await File.ReadAllBytesAsync(file);
            using var response = await fixture.Anonymous.GetAsync($"/console/{path}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/console/{path} answered {(int)response.StatusCode}");
            Assert.Equal(committed, await response.Content.ReadAsByteArrayAsync());
            var text = System.Text.Encoding.UTF8.GetString(committed);
            if (Vendored.TryGetValue(path, out var sha256))
            {
                // A vendored library names its home page in a comment; it is the published file, unchanged, and the browser
                // tests check that the page requests nothing outside MotCua.
                Assert.Equal(sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(committed)));
            }
            else
            {
                Assert.DoesNotContain("http://", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("https://", text, StringComparison.OrdinalIgnoreCase);
            }

            Assert.DoesNotContain("@import", text, StringComparison.OrdinalIgnoreCase);

            // Unchanged files are revalidated, not downloaded again.
            using var again = new HttpRequestMessage(HttpMethod.Get, $"/console/{path}");
            again.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(response.Headers.ETag!.ToString()));
            using var revalidated = await fixture.Anonymous.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        }
    }

    [Fact]
    public async Task MeTellsTheConsoleTheKeysRoleAndBindingAndNeedsAKey()
    {
        var agent = await ConsoleFixture.ExpectAsync(fixture.Agent.GetAsync("/v1/me"), HttpStatusCode.OK);
        Assert.Equal("agent", (string?)agent["role"]);
        Assert.Equal(ConsoleFixture.ChannelId, (string?)agent["channelId"]);
        Assert.False(string.IsNullOrEmpty((string?)agent["keyId"]));
        Assert.DoesNotContain(ConsoleFixture.AgentKey, agent.ToJsonString());

        var officer = await ConsoleFixture.ExpectAsync(fixture.Officer.GetAsync("/v1/me"), HttpStatusCode.OK);
        Assert.Equal("officer", (string?)officer["role"]);
        Assert.Equal("SXD", (string?)officer["agencyCode"]);

        var operatorMe = await ConsoleFixture.ExpectAsync(fixture.Operator.GetAsync("/v1/me"), HttpStatusCode.OK);
        Assert.Equal("operator", (string?)operatorMe["role"]);
        Assert.Null((string?)operatorMe["channelId"]);

        using var anonymous = await fixture.Anonymous.GetAsync("/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var unknown = fixture.Silo.ClientFor("not-a-key");
        using var refused = await unknown.GetAsync("/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
