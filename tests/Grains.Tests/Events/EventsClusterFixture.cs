using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Grains.Events;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Events;
using Orleans.Streams;
using Orleans.Streams.Core;
using Orleans.TestingHost;

namespace MotCua.Grains.Tests.Events;

/// <summary>
/// An in-process cluster with the domain event stream (memory streams, as the embedded silo has), webhook retries in
/// fractions of a second, a crash-before-publish hook, and a clock that runs in real time from Monday 2 March 2026
/// 09:00 in Hà Nội and that tests may move forward (timers keep real time).
/// </summary>
public sealed class EventsClusterFixture : IAsyncLifetime
{
    public ShiftedTime Time { get; } = new(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));

    public PublishCrashes Crashes { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MotCua:Payments:SandboxCollectionAccounts"] = "false",
            ["MotCua:Channels:DefaultFloatLimit"] = "1000000000000",
            ["MotCua:Webhooks:RetrySchedule:0"] = "00:00:00.200",
            ["MotCua:Webhooks:RetrySchedule:1"] = "00:00:00.400",
            ["MotCua:Webhooks:RetrySchedule:2"] = "00:00:00.800",
            ["MotCua:Webhooks:RetrySchedule:3"] = "00:00:01.600",
            ["MotCua:Webhooks:RetrySchedule:4"] = "00:00:03.200",
            ["MotCua:Webhooks:AttemptTimeout"] = "00:00:05",
            ["MotCua:Events:Outbox:RecoveryDueTime"] = "00:00:01",
        }).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Default);
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddMemoryStreams(StreamNames.Provider);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.AddSingleton<IEventPublishFaults>(Crashes);
            // The receivers are local http servers: the test-only allowance (production allows https to public addresses).
            silo.Services.AddSingleton(WebhookAddressPolicy.ForTests());
            silo.Services.AddMotCuaGrains(configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class EventsCollection : ICollectionFixture<EventsClusterFixture>
{
    public const string Name = "events";
}

/// <summary>Real time, shifted: starts at a chosen instant and can be moved forward.</summary>
public sealed class ShiftedTime(DateTimeOffset start) : TimeProvider
{
    private long offsetTicks = (start - DateTimeOffset.UtcNow).Ticks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}

/// <summary>
/// Makes the grain that emitted a chosen event die (deactivate) after its write and before publishing it, once; or makes
/// the stream refuse the event once and the grain die before its retry.
/// </summary>
public sealed class PublishCrashes : IEventPublishFaults
{
    private readonly ConcurrentDictionary<(string Source, string Type), bool> armed = new();
    private readonly ConcurrentDictionary<(string Source, string Type), bool> failing = new();

    /// <summary>The first publish of the event fails; the grain dies before its next attempt.</summary>
    public void ArmFailThenCrash(string source, string type) => failing[(source, type)] = true;

    public bool FailPublish(DomainEvent domainEvent)
    {
        if (failing.TryRemove((domainEvent.Source, domainEvent.Type), out _))
        {
            ArmOnce(domainEvent.Source, domainEvent.Type);
            return true;
        }

        return false;
    }

    public int Crashed => crashed;

    private int crashed;

    public void ArmOnce(string source, string type) => armed[(source, type)] = true;

    public bool CrashBeforePublish(DomainEvent domainEvent)
    {
        if (armed.TryRemove((domainEvent.Source, domainEvent.Type), out _))
        {
            Interlocked.Increment(ref crashed);
            return true;
        }

        return false;
    }
}

/// <summary>A second consumer of the event stream, recording every delivery it gets (duplicates included).</summary>
public static class EventProbe
{
    public static ConcurrentQueue<DomainEvent> Received { get; } = new();

    /// <summary>What the probe saw from one source, after dedupe by (source, sequence), in order.</summary>
    public static IReadOnlyList<DomainEvent> Distinct(string source) =>
        [.. Received.Where(e => e.Source == source).DistinctBy(e => e.Sequence).OrderBy(e => e.Sequence)];
}

public interface IEventProbeGrain : IGrainWithStringKey
{
    Task PingAsync();
}

/// <summary>The probe's consumer grain, one per stream partition, subscribed implicitly like the event routers.</summary>
[ImplicitStreamSubscription(StreamNames.DomainEvents)]
public sealed class EventProbeGrain : Grain, IEventProbeGrain, IStreamSubscriptionObserver, IAsyncObserver<DomainEvent>
{
    public Task PingAsync() => Task.CompletedTask;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync(this);

    public Task OnNextAsync(DomainEvent item, StreamSequenceToken? token = null)
    {
        EventProbe.Received.Enqueue(item);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}

/// <summary>Awaits a condition without fixed sleeps in the assertions: polls until true or a generous time-out.</summary>
public static class Eventually
{
    public static async Task<T> Await<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last value: {value}");
            }

            await Task.Delay(50);
        }
    }
}
