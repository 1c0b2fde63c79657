using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Channels;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Interfaces.Receipts;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Tests.Infrastructure;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace MotCua.Grains.Tests.Storage;

/// <summary>
/// Issue 16's must-show: 5,000 cash payments through one agency, one channel and one receipt series (with a settlement
/// every 50), events flowing to the projections, and no grain state row grows with the count.
/// </summary>
public sealed class BoundedStateTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>
    /// What a stored row may gain between 500 and 5,000 payments without growing with the count. Ids all have the same
    /// length, and a window is settled every <see cref="SettleEvery"/> payments, so by 500 every bounded window (the
    /// channel's 64 recent collections and 8 recent settlements) is full. What is left is numbers written in longer
    /// varints: Orleans zig-zags signed integers, so a settlement window number takes a second byte from 64 on, and each
    /// of the ~65 collections and 8 settlements kept carries one (measured: +74 B, all of it that). 128 B covers it with
    /// room; a row that kept one more collection per payment would gain 4,500 of them.
    /// </summary>
    private const int Slack = 128;

    /// <summary>
    /// What the busiest row written (rather than stored at rest) may also gain: the collections still being confirmed
    /// while it was written, at most one per worker (about 130 bytes each); how many overlap at the peak is chance.
    /// </summary>
    private const int InFlight = Workers * 160;

    private const int Workers = 8;

    private const int SettleEvery = 50;

    private const string Agency = "SXD";
    private const string Channel = "vnpost:BOUNDED-1";
    private static readonly Actor Portal = new(Roles.Portal, "kid-portal");
    private static readonly Actor Officer = new(Roles.Officer, "kid-officer-sxd", AgencyCode: Agency);
    private static readonly Actor Agent = new(Roles.Agent, "kid-agent", ChannelId: Channel);
    private static readonly Actor Operator = new(Roles.Operator, "kid-operator");

    private readonly ManualTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));
    private InProcessTestCluster cluster = null!;

    private IGrainFactory Grains => cluster.Client;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MotCua:Payments:SandboxCollectionAccounts"] = "true",
            ["MotCua:Channels:DefaultFloatLimit"] = "1000000000000",
        }).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<MeasuringGrainStorage>();
            silo.Services.AddGrainStorage(StorageNames.Default, (sp, _) => sp.GetRequiredService<MeasuringGrainStorage>());
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddMemoryStreams(StreamNames.Provider);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<TimeProvider>(time);
            silo.Services.AddMotCuaGrains(configuration);
        });
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task FiveThousandCashPaymentsLeaveNoStateRowLargerThanFiveHundredDid()
    {
        var storage = cluster.Silos[0].ServiceProvider.GetRequiredService<MeasuringGrainStorage>();

        await PayInCashAsync(0, 500);
        var (stored500, peak500) = (storage.Stored, storage.Largest);
        await PayInCashAsync(500, 5_000);
        var (stored5000, peak5000) = (storage.Stored, storage.Largest);

        output.WriteLine($"{"state",-32} {"stored after 500",17} {"after 5,000",12} {"peak to 500",12} {"peak to 5,000",14}");
        foreach (var (state, bytes) in stored5000.OrderByDescending(s => s.Value))
        {
            output.WriteLine($"{state,-32} {stored500.GetValueOrDefault(state),15:N0} B {bytes,10:N0} B {peak500.GetValueOrDefault(state),10:N0} B {peak5000.GetValueOrDefault(state),12:N0} B");
        }

        Assert.Equal(stored500.Keys.Order(StringComparer.Ordinal), stored5000.Keys.Order(StringComparer.Ordinal));
        var grown = stored5000.Where(s => s.Value > stored500[s.Key] + Slack)
            .Concat(peak5000.Where(s => s.Value > peak500.GetValueOrDefault(s.Key) + Slack + InFlight)).ToList();
        Assert.True(grown.Count == 0, "State rows grew with the count: "
            + string.Join(", ", grown.Select(s => $"{s.Key} → {s.Value} B")));

        // The history is all there, in the tables: every receipt, the channel's position, the projections.
        var receipts = cluster.Silos[0].ServiceProvider.GetRequiredService<IReceiptBook>();
        var channel = await Grains.GetGrain<IChannelGrain>(Channel).GetAsync();
        var stats = cluster.Silos[0].ServiceProvider.GetRequiredService<IStatsBook>();
        var today = DateOnly.FromDateTime(time.GetUtcNow().ToVietnam().DateTime);
        var day = await stats.GetChannelDayAsync(Channel, today);
        for (var waited = 0; day.Count < 5_000 && waited < 300; waited++)
        {
            await Task.Delay(100); // the projection follows the events stream
            day = await stats.GetChannelDayAsync(Channel, today);
        }

        Assert.Equal(5_000, await receipts.GetIssuedAsync(ReceiptSeries.Key(Agency, 2026)));
        Assert.Equal(5_000 / SettleEvery + 2 + 1, channel.OpenWindow.Number); // and the two settlements at rest
        Assert.Equal((5_000, 5_000 * 10_000L), (day.Count, day.Amount));
    }

    private async Task PayInCashAsync(int from, int to)
    {
        var next = from;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next) - 1) < to)
            {
                await PayOneAsync(i);
                if ((i + 1) % SettleEvery == 0)
                {
                    await SettleAsync($"settle-{i:00000}");
                }
            }
        }));

        // One more settlement once every worker is done: it books what the last confirmations wrote and stores the
        // channel at rest, so the row measured does not depend on which worker finished last (a confirmation is
        // marked booked in the state only by the channel's next write).
        await SettleAsync($"settle-end-{to:00000}");
    }

    /// <summary>
    /// Declares the open window with its total and has the operator confirm it, so received settlements leave the state.
    /// Another worker's collection may land between reading the total and declaring it: then the declaration is refused
    /// and made again with the new total.
    /// </summary>
    private async Task SettleAsync(string operationId)
    {
        var channel = Grains.GetGrain<IChannelGrain>(Channel);
        for (var attempt = 0; ; attempt++)
        {
            var total = (await channel.GetAsync()).OpenWindow.Total;
            try
            {
                var declared = await channel.DeclareSettlementAsync(new DeclareSettlement(operationId, Agent, total, $"UNC-{operationId}"));
                await channel.ConfirmSettlementReceiptAsync(new ConfirmSettlementReceipt($"{operationId}-received", Operator, declared.Number, null));
                return;
            }
            catch (DomainException ex) when (ex.Code == ErrorCodes.SettlementAmountMismatch && attempt < 100)
            {
                // A collection confirmed between the read and the declaration: read the window's total again.
            }
        }
    }

    private async Task PayOneAsync(int i)
    {
        var code = $"SXD-260302-{i:00000}";
        var dossier = Grains.GetGrain<IDossierGrain>(code);
        await dossier.FileAsync(new FileDossier($"file-{i:00000}", Portal, "SXD-XD-001", Agency, "HN-TTHCC",
            new Applicant("001089001234", "Nguyễn Văn An")));
        await dossier.AcceptAsync(new DossierActionCommand($"accept-{i:00000}", Officer));
        await dossier.RequestPaymentAsync(new RequestPaymentCommand($"fee-{i:00000}", Officer, [new FeeItemRequest("charge", "Lệ phí", 10_000)]));
        var op = $"pay-{i:00000}";
        var payment = await Grains.GetGrain<IPaymentGrain>(PaymentIds.FromOperation(op))
            .CreateAsync(new CreatePayment(op, Portal, code, PaymentMethods.Cash));
        await Grains.GetGrain<IChannelGrain>(Channel).RecordCollectionAsync(new RecordCollection($"collect-{i:00000}", Agent, payment.Reference, 10_000, $"BL-{i:00000}"));
    }
}
