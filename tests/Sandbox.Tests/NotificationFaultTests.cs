using System.Net.Http.Json;
using MotCua.Gateways;
using MotCua.Gateways.Notifications;
using MotCua.Gateways.ViettelPay;
using MotCua.Gateways.VnptPay;
using MotCua.Sandbox.Tests.Infrastructure;

namespace MotCua.Sandbox.Tests;

public sealed class NotificationFaultTests : SandboxTest
{
    [Fact]
    public async Task ADuplicatedNotificationArrivesTwiceIdentically()
    {
        await CreateViettelPayAsync("PAY-1");
        await World.SetFaultsAsync(new { provider = "viettelpay", duplicateNotifications = 1 });

        await World.PayAsync(GatewayProviders.ViettelPay, "PAY-1");

        var received = World.Receiver.Received;
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].Body, received[1].Body);
        Assert.All(received, r => Assert.True(World.Verify(r).IsValid));
        Assert.Single(received.Select(r => r.Parsed.EventId).Distinct());
    }

    [Fact]
    public async Task ADroppedNotificationNeverArrivesButTheStatusQueryAndAResendTellTheTruth()
    {
        await CreateViettelPayAsync("PAY-2");
        await World.SetFaultsAsync(new { provider = "viettelpay", dropNotifications = 1 });

        await World.PayAsync(GatewayProviders.ViettelPay, "PAY-2");
        var status = await World.Client<ViettelPayClient>().GetStatusAsync(new ViettelPayStatusOptions { OrderId = "PAY-2" });
        Assert.Empty(World.Receiver.Received);

        (await World.Control.PostAsync("/sandbox/notifications/evt_viettelpay_000001/resend", null)).EnsureSuccessStatusCode();

        Assert.Equal(GatewayPaymentStatus.Succeeded, status.Status);
        Assert.Equal(GatewayPaymentStatus.Succeeded, Assert.Single(World.Receiver.Received).Parsed.Status);
    }

    [Fact]
    public async Task ReorderedNotificationsDeliverTheSuccessBeforeTheEarlierFailure()
    {
        var vnpt = World.Client<VnptPayClient>();
        await vnpt.CreateAsync(new VnptPayCreateOptions { MerchantOrderId = "PAY-3", Amount = 40_000, OrderInfo = "Le phi" });
        await World.SetFaultsAsync(new { provider = "vnptpay", reorderNotifications = 2 });

        await World.FailAsync(GatewayProviders.VnptPay, "PAY-3");
        Assert.Empty(World.Receiver.Received);
        await World.PayAsync(GatewayProviders.VnptPay, "PAY-3");

        Assert.Equal([GatewayPaymentStatus.Succeeded, GatewayPaymentStatus.Failed], World.Receiver.Received.Select(r => r.Parsed.Status));
        Assert.All(World.Receiver.Received, r => Assert.True(World.Verify(r).IsValid));
    }

    [Fact]
    public async Task AReplayedOldNotificationFailsVerificationAsStale()
    {
        await CreateViettelPayAsync("PAY-4");
        await World.SetFaultsAsync(new { provider = "viettelpay", staleNotifications = 1 });

        await World.PayAsync(GatewayProviders.ViettelPay, "PAY-4");

        Assert.Equal(SignatureStatus.Stale, World.Verify(Assert.Single(World.Receiver.Received)).Status);
    }

    [Fact]
    public async Task AForgedNotificationFailsVerificationAsABadSignature()
    {
        await World.SetFaultsAsync(new { provider = "bank", forgedNotifications = 1 });

        await World.TransferAsync("HS-1", 10_000);
        await World.TransferAsync("HS-2", 10_000);

        Assert.Equal([SignatureStatus.BadSignature, SignatureStatus.Valid], World.Receiver.Received.Select(r => World.Verify(r).Status));
    }

    [Fact]
    public async Task TheDeliveryLogShowsWhatHappenedToEachNotification()
    {
        await CreateViettelPayAsync("PAY-5");
        await World.SetFaultsAsync(new { provider = "viettelpay", dropNotifications = 1 });
        await World.PayAsync(GatewayProviders.ViettelPay, "PAY-5");

        var log = await World.Control.GetFromJsonAsync<List<LogLine>>("/sandbox/notifications");

        Assert.Equal([new LogLine("evt_viettelpay_000001", "dropped")], log);
    }

    private Task CreateViettelPayAsync(string orderId) =>
        World.Client<ViettelPayClient>().CreateAsync(new ViettelPayCreateOptions { OrderId = orderId, Amount = 60_000, Description = "Le phi" });

    private sealed record LogLine(string EventId, string Outcome);
}
