using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Grains.Interfaces;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace MotCua.Grains.Tests;

/// <summary>
/// An in-process cluster for the dossier tests whose grains and reminders run on a <see cref="DossierTestClock"/>, so a
/// test moves time and Orleans' own reminder service delivers the ticks that come due. The silo's other clocks
/// (messaging timeouts, membership, directory and activation maintenance, streams) stay on real time, as Orleans'
/// <see cref="TimeProviderNames"/> documentation suggests, so jumping weeks ahead does not time out calls in flight.
/// </summary>
public sealed class DossierClusterFixture : IAsyncLifetime
{
    /// <summary>Where the clock starts: Monday 2 March 2026, 09:00 in Hà Nội.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7));

    public DossierTestClock Clock { get; } = new(MondayMorning);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Default);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, Clock);
            silo.Services.AddKeyedSingleton<TimeProvider>(Orleans.Reminders.ReminderTimeProviderNames.Reminders, Clock);
            foreach (var realTime in new[]
                     {
                         TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership,
                         TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory, "Orleans.Streaming",
                     })
            {
                silo.Services.AddKeyedSingleton(realTime, TimeProvider.System);
            }

            silo.Services.AddMotCuaGrains(new ConfigurationBuilder().Build());
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>The reminders Orleans' reminder table holds for a grain, by name, with the instant each first ticks.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> RemindersOfAsync(IAddressable grain)
    {
        var table = Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        var rows = await table.ReadRows(grain.GetGrainId());
        return rows.Reminders.ToDictionary(r => r.ReminderName, r => new DateTimeOffset(DateTime.SpecifyKind(r.StartAt, DateTimeKind.Utc)));
    }

    /// <summary>
    /// Waits for <paramref name="condition"/> while the clock moves on by <paramref name="step"/> per try (none if null),
    /// giving the silo a moment of real time between tries; fails after <paramref name="timeout"/> of real time.
    /// </summary>
    public async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan? step = null,
        TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met within {timeout ?? TimeSpan.FromSeconds(20)}: {because ?? "(no description)"}");
            }

            if (step is { } by)
            {
                Clock.Advance(by);
            }

            await Task.Delay(20);
        }
    }
}

/// <summary>The dossier tests that share one cluster; each builds its own dossiers relative to the clock's current time.</summary>
[CollectionDefinition(Name)]
public sealed class DossierClusterCollection : ICollectionFixture<DossierClusterFixture>
{
    public const string Name = "dossier-cluster";
}
