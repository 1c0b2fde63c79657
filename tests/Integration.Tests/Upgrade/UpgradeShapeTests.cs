using Microsoft.Extensions.DependencyInjection;
using MotCua.Grains.Channels;
using MotCua.Grains.Events;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Storage.Postgres.Upgrade;
using Orleans.Serialization;

namespace MotCua.Integration.Tests.Upgrade;

/// <summary>
/// The upgrade rewrites channel rows with its own copy of the channel state (Storage.Postgres does not reference the
/// grains): the copy must carry every field of the current <see cref="ChannelState"/>, and keep what the grain keeps.
/// </summary>
public sealed class UpgradeShapeTests
{
    [Fact]
    public void TheUpgradeKeepsAsManyCollectionsAndSettlementsAsTheChannelGrain()
    {
        Assert.Equal(ChannelGrain.RecentKept, HistoryUpgrade.ChannelRecentCollections);
        Assert.Equal(ChannelGrain.RecentSettlementsKept, HistoryUpgrade.ChannelRecentSettlements);
    }

    [Fact]
    public void AChannelStateReadAndWrittenByTheUpgradeReadsBackTheSameInTheGrainsType()
    {
        using var services = new ServiceCollection()
            .AddSerializer(s => s.AddAssembly(typeof(ChannelState).Assembly).AddAssembly(typeof(HistoryUpgrade).Assembly)
                .AddAssembly(typeof(DossierIndexEntry).Assembly))
            .BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var at = new DateTimeOffset(2026, 12, 6, 4, 6, 22, TimeSpan.FromHours(7)).AddTicks(1234567);
        var state = new ChannelState
        {
            Initialized = true, FloatLimit = 50_000_000, Position = 120_000, WindowNumber = 3, WindowOpenedAt = at,
            WindowCount = 1, WindowTotal = 75_000, ConfirmedCount = 9, ConfirmReminder = true,
        };
        state.Collections["col-1"] = new CollectionState
        {
            Reference = "AKDKCB3M", PaymentId = "pay_1", DossierCode = "HN-TTHCC-261206-0001", Amount = 75_000,
            ReceiptNumber = "BL-1", At = at, Confirmed = true, PaymentStatus = "succeeded", WindowNumber = 3, Booked = true,
            ConfirmedOrder = 9,
        };
        state.Collections["col-2"] = new CollectionState
        {
            Reference = "X2", PaymentId = "pay_2", Amount = 45_000, At = at, Actor = new Actor("agent", "kid-agent", ChannelId: "vnpost:HN-0001"),
        };
        state.Settlements.Add(new SettlementState
        {
            OperationId = "settle-2", Number = 2, OpenedAt = at, ClosedAt = at.AddHours(1), Count = 4, Total = 300_000,
            Ledgered = true, Booked = true,
        });
        SourceEvents.EmitCollection(state, "vnpost:HN-0001", state.Collections["col-1"], at);

        var copy = serializer.Deserialize<UpgradeChannelState>(serializer.SerializeToArray(state));
        var back = serializer.Deserialize<ChannelState>(serializer.SerializeToArray(copy))!;

        Assert.Equal(serializer.SerializeToArray(state), serializer.SerializeToArray(back));
        Assert.Equal(9, back.Collections["col-1"].ConfirmedOrder);
        Assert.Single(back.EventOutbox.Pending);
    }
}
