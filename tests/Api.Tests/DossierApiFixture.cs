using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Api.Tests.Infrastructure;
using MotCua.Grains.Tests;
using Orleans.Runtime;

namespace MotCua.Api.Tests;

/// <summary>
/// An embedded MotCua of its own whose grains and reminders run on a <see cref="DossierTestClock"/>, with two more
/// officer keys: one of the commune people's committee (agency <c>UBND-X</c>, whose procedures take one working day) and
/// one of the justice department (<c>STP</c>), for the non-territorial tests.
/// </summary>
/// <remarks>
/// The clock replaces <see cref="TimeProvider"/> through <c>WithWebHostBuilder(b =&gt; b.ConfigureServices(...))</c>. Those
/// registrations come after Program's (which uses TryAdd), and Orleans resolves its keyed clocks from the unkeyed one, so
/// the grains and the reminder service see this clock: the tests assert it (a filing's <c>submittedAt</c> is the clock's
/// time, a due date is computed from it, the overdue reminder fires when the clock passes the due date). Orleans'
/// messaging, membership and maintenance clocks are pinned to real time so jumping weeks ahead times nothing out.
/// </remarks>
public abstract class DossierApiFixture(DateTimeOffset start) : IAsyncLifetime
{
    public const string CommuneOfficerKey = "test-officer-UBND-X";
    public const string JusticeOfficerKey = "test-officer-STP";

    private readonly MotCuaFactory _root = new();

    public DossierTestClock Clock { get; } = new(start);

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public Task InitializeAsync()
    {
        AddOfficerKey(1, "kid-test-officer-ubnd-x", CommuneOfficerKey, "UBND-X");
        AddOfficerKey(2, "kid-test-officer-stp", JusticeOfficerKey, "STP");
        Factory = _root.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, Clock);
            services.AddKeyedSingleton<TimeProvider>(Orleans.Reminders.ReminderTimeProviderNames.Reminders, Clock);
            foreach (var realTime in new[]
                     {
                         TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership,
                         TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory, "Orleans.Streaming",
                     })
            {
                services.AddKeyedSingleton(realTime, TimeProvider.System);
            }
        }));
        _ = Factory.Server; // start the host now, not inside the first test
        return Task.CompletedTask;
    }

    public ApiClient ClientFor(string apiKey)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return new ApiClient(client);
    }

    /// <summary>
    /// Waits for <paramref name="condition"/> while the clock moves on by <paramref name="step"/> per try (none if null),
    /// giving the host a moment of real time between tries; fails after 20 s of real time.
    /// </summary>
    public async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan? step = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Condition not met within 20 s: {because ?? "(no description)"}");
            if (step is { } by)
            {
                Clock.Advance(by);
            }

            await Task.Delay(20);
        }
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _root.DisposeAsync();
    }

    private void AddOfficerKey(int index, string id, string secret, string agency)
    {
        _root.Settings[$"MotCua:Auth:Keys:{index}:Id"] = id;
        _root.Settings[$"MotCua:Auth:Keys:{index}:Sha256"] = MotCua.Api.Auth.ApiKeyStore.Hash(secret);
        _root.Settings[$"MotCua:Auth:Keys:{index}:Role"] = "officer";
        _root.Settings[$"MotCua:Auth:Keys:{index}:AgencyCode"] = agency;
    }
}

/// <summary>The clock starts on Monday 2 March 2026, 09:00 in Hà Nội.</summary>
public sealed class LifecycleApiFixture() : DossierApiFixture(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)));

/// <summary>The clock stands at Friday 24 April 2026, 15:00 in Hà Nội: the Monday after is the Hùng Kings holiday.</summary>
public sealed class FridayApiFixture() : DossierApiFixture(new DateTimeOffset(2026, 4, 24, 15, 0, 0, TimeSpan.FromHours(7)));

/// <summary>The clock stands at Thursday 28 January 2027, 09:00 in Hà Nội: no 2027 calendar is announced, Tết is 6 February.</summary>
public sealed class Tet2027ApiFixture() : DossierApiFixture(new DateTimeOffset(2027, 1, 28, 9, 0, 0, TimeSpan.FromHours(7)));
