using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Api.Tests.Infrastructure;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Tests.Storage;
using Orleans.Serialization;
using Orleans.Storage;

namespace MotCua.Api.Tests;

/// <summary>
/// Issue 16's must-show, for the audit log: 5,000 requests through it leave no grain state row larger than 500 did.
/// The audit log is rows that API nodes append (<see cref="IAuditTrail"/>), so no state row holds it at all; the
/// grain rows are measured as the ADO.NET provider would store them.
/// </summary>
public sealed class AuditStateTests : IAsyncLifetime
{
    /// <summary>
    /// What a row may differ by without growing with the count: numbers written as varints (times, sequence numbers)
    /// can take a byte more; one audit entry kept in a row would add over 100.
    /// </summary>
    private const int Slack = 16;

    private MotCuaFactory factory = null!;
    private WebApplicationFactoryWithStorage host = null!;

    public Task InitializeAsync()
    {
        factory = new MotCuaFactory();
        host = new WebApplicationFactoryWithStorage(factory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await host.Factory.DisposeAsync();
        await factory.DisposeAsync();
    }

    [Fact]
    public async Task FiveThousandAuditedRequestsLeaveNoStateRowLargerThanFiveHundredDid()
    {
        using var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "dev-operator");
        using var portal = host.Factory.CreateClient();
        portal.DefaultRequestHeaders.Authorization = new("Bearer", "dev-portal");
        var storage = host.Factory.Services.GetRequiredService<MeasuringGrainStorage>();
        var trail = host.Factory.Services.GetRequiredService<IAuditTrail>();
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);

        await RequestAsync(client, portal, 0, 500);
        var stored500 = storage.Stored;
        await RequestAsync(client, portal, 500, 5_000);
        var stored5000 = storage.Stored;

        // Every request is in the audit trail (its writer batches in the background).
        var audited = 0;
        for (var waited = 0; audited < 5_000 && waited < 200; waited++)
        {
            audited = await CountAsync(trail, from);
            if (audited < 5_000)
            {
                await Task.Delay(50);
            }
        }

        Assert.Equal(5_000 - 50, audited); // the operator's; the portal's 50 filings are audited under its own key
        Assert.Contains(StateNames.Dossier, stored500.Keys); // the storage measured is the one the grains write
        Assert.DoesNotContain(stored5000.Keys, state => state.Contains("audit", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(stored500.Keys.Order(StringComparer.Ordinal), stored5000.Keys.Order(StringComparer.Ordinal));
        Assert.All(stored5000, row => Assert.True(row.Value <= stored500[row.Key] + Slack, $"{row.Key} grew from {stored500[row.Key]} B to {row.Value} B"));
    }

    /// <summary>Requests <paramref name="from"/> to <paramref name="to"/>: reads by the operator, and every 100th a filing by the portal.</summary>
    private static async Task RequestAsync(HttpClient client, HttpClient portal, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (i % 100 == 0)
            {
                using var filing = new HttpRequestMessage(HttpMethod.Post, "/v1/dossiers") { Content = JsonContent.Create(ApiClient.Filing()) };
                filing.Headers.Add("Idempotency-Key", $"audit-state-{i:00000}");
                using var filed = await portal.SendAsync(filing);
                Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
                continue;
            }

            using var answer = await client.GetAsync(i % 2 == 0 ? "/v1/procedures" : "/v1/ledger/audit?limit=1");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
    }

    private static async Task<int> CountAsync(IAuditTrail trail, DateTimeOffset from)
    {
        var count = 0;
        AuditPosition? before = null;
        while (true)
        {
            var page = await trail.QueryAsync(new AuditTrailQuery(from, DateTimeOffset.UtcNow.AddMinutes(1), "kid-dev-operator", null, null, 1_000, before));
            count += page.Count;
            if (page.Count < 1_000)
            {
                return count;
            }

            before = new AuditPosition(page[^1].At, page[^1].Id);
        }
    }

    /// <summary>The factory's host with its grain storage measured.</summary>
    private sealed class WebApplicationFactoryWithStorage(MotCuaFactory inner)
    {
        public Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Factory { get; } = inner.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(sp => new MeasuringGrainStorage(sp.GetRequiredService<Serializer>()));
                services.AddKeyedSingleton<IGrainStorage>(StorageNames.Default, (sp, _) => sp.GetRequiredService<MeasuringGrainStorage>());
            }));
    }
}
