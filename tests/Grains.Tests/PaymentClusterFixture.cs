using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Payments;
using MotCua.Grains.Tests.Infrastructure;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;

namespace MotCua.Grains.Tests;

/// <summary>
/// The in-process cluster of the payment, wallet, ledger and receipt tests: its own clock (so other tests moving
/// theirs cannot expire these payments), a saga fault injector, and a configured collection account for SXD.
/// </summary>
public sealed class PaymentClusterFixture : IAsyncLifetime
{
    public const string SxdBankBin = "970415";
    public const string SxdAccount = "113000012345";

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero)); // Monday 09:00 in Hà Nội

    public SagaFaults Faults { get; } = new();

    /// <summary>Grain-state writes to fail, for the grains' own write failures.</summary>
    public StorageFaults StorageFaults { get; } = new();

    public ScriptedGateways Gateways { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MotCua:CollectionAccounts:SXD:BankBin"] = SxdBankBin,
            ["MotCua:CollectionAccounts:SXD:AccountNumber"] = SxdAccount,
            ["MotCua:Payments:SandboxCollectionAccounts"] = "false",
            ["MotCua:Channels:DefaultFloatLimit"] = "1000000000000",
        }).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("memory");
            silo.Services.AddGrainStorage(StorageNames.Default, (sp, _) =>
                new FaultingGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>("memory"), StorageFaults));
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.AddSingleton<IPaymentSagaFaults>(Faults);
            silo.Services.AddSingleton<MotCua.Grains.Payments.Gateways.IPaymentGateways>(Gateways);
            silo.Services.AddMotCuaGrains(configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PaymentCollection : ICollectionFixture<PaymentClusterFixture>
{
    public const string Name = "payments";
}

/// <summary>A saga step made to fail, as if the silo died or the next grain did not answer.</summary>
[GenerateSerializer, Alias("motcua.tests.injected-fault")]
public sealed class InjectedFaultException(string message) : Exception(message);

/// <summary>Fails chosen saga steps of chosen payments (or of any payment, for the randomized run).</summary>
public sealed class SagaFaults : IPaymentSagaFaults
{
    private readonly ConcurrentDictionary<(string PaymentId, PaymentSagaStep Step), int> _armed = new();
    private int _anyPaymentFailures;
    private PaymentSagaStep? _anyPaymentStep;

    /// <summary>How many times a step was failed on purpose.</summary>
    public int Injected => _injected;

    private int _injected;

    /// <summary>The next <paramref name="times"/> attempts of <paramref name="step"/> of this payment fail.</summary>
    public void Arm(string paymentId, PaymentSagaStep step, int times = int.MaxValue) => _armed[(paymentId, step)] = times;

    /// <summary>The next attempt of <paramref name="step"/>, by whichever payment, fails once.</summary>
    public void ArmAny(PaymentSagaStep step)
    {
        _anyPaymentStep = step;
        Interlocked.Exchange(ref _anyPaymentFailures, 1);
    }

    public void Disarm(string paymentId)
    {
        foreach (var key in _armed.Keys.Where(k => k.PaymentId == paymentId))
        {
            _armed.TryRemove(key, out _);
        }
    }

    public void DisarmAll()
    {
        _armed.Clear();
        Interlocked.Exchange(ref _anyPaymentFailures, 0);
    }

    public void BeforeStep(string paymentId, PaymentSagaStep step)
    {
        if (_anyPaymentStep == step && Interlocked.CompareExchange(ref _anyPaymentFailures, 0, 1) == 1)
        {
            Throw(paymentId, step);
        }

        if (_armed.TryGetValue((paymentId, step), out var left) && left > 0)
        {
            _armed[(paymentId, step)] = left - 1;
            Throw(paymentId, step);
        }
    }

    private void Throw(string paymentId, PaymentSagaStep step)
    {
        Interlocked.Increment(ref _injected);
        throw new InjectedFaultException($"Injected failure before step {step} of payment {paymentId}.");
    }
}
