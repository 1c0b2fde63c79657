using MotCua.Gateways;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Payments;

namespace MotCua.Grains.Tests;

/// <summary>
/// An e-wallet payment whose outcome must be asked of the provider, driven by its own reminders: never expired while
/// the provider cannot answer, asked again on the schedule (1 min, then 5 min), settled by the first known answer.
/// </summary>
[Collection(PaymentCollection.Name)]
public sealed class PaymentStatusQueryTests(PaymentClusterFixture fixture)
{
    private readonly PaymentTestKit _kit = new(fixture);

    [Fact]
    public async Task AProviderThatTimesOutKeepsThePaymentProcessingAndTheRemindersAskOnTheScheduleUntilItAnswers()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 64_000));
        var created = await _kit.CreateAsync(code, PaymentMethods.ViettelPay);
        Assert.Equal($"https://checkout.test/viettelpay/{created.Id}", created.RedirectUrl);
        Func<IReadOnlyList<GatewayPayment>> timeout = () => throw new GatewayException(GatewayProviders.ViettelPay, GatewayFailure.Timeout, "no answer in time");
        fixture.Gateways.Script(created.Id, timeout);
        fixture.Gateways.Script(created.Id, timeout);
        fixture.Gateways.Script(created.Id, () => [new GatewayPayment(GatewayProviders.ViettelPay, "VTP-77", created.Id, 64_000,
            GatewayPaymentStatus.Succeeded, PaidAt: fixture.Time.GetUtcNow())]);

        fixture.Time.Advance(TimeSpan.FromMinutes(91));
        await _kit.RunExpiryReminderAsync(created.Id);

        var unknown = await _kit.Payment(created.Id).GetAsync();
        Assert.Equal(PaymentStatuses.Processing, unknown.Status);
        Assert.Equal(1, unknown.StatusQuery!.Attempts);
        Assert.Equal(fixture.Time.GetUtcNow() + TimeSpan.FromMinutes(1), unknown.StatusQuery.NextAttemptAt);
        Assert.Contains(await fixture.Grains.GetGrain<IPaymentWatchlistGrain>(PaymentWatchlists.Processing).ListAsync(), p => p.Id == created.Id);

        await RunStatusQueryReminderAsync(created.Id); // not due yet: nothing asked
        Assert.Equal(1, fixture.Gateways.Queries[created.Id]);

        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        await RunStatusQueryReminderAsync(created.Id);
        var stillUnknown = await _kit.Payment(created.Id).GetAsync();
        Assert.Equal(PaymentStatuses.Processing, stillUnknown.Status);
        Assert.Equal(2, stillUnknown.StatusQuery!.Attempts);
        Assert.Equal(fixture.Time.GetUtcNow() + TimeSpan.FromMinutes(5), stillUnknown.StatusQuery.NextAttemptAt);

        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        await RunStatusQueryReminderAsync(created.Id);

        var settled = await _kit.Payment(created.Id).GetAsync();
        Assert.Equal(PaymentStatuses.Succeeded, settled.Status);
        Assert.Equal("VTP-77", settled.ProviderReference);
        Assert.True(settled.Saga.Completed);
        Assert.NotNull(settled.ReceiptNumber);
        Assert.Null(settled.StatusQuery!.NextAttemptAt);
        Assert.DoesNotContain(await fixture.Grains.GetGrain<IPaymentWatchlistGrain>(PaymentWatchlists.Processing).ListAsync(), p => p.Id == created.Id);
        var dossier = await fixture.Grains.GetGrain<IDossierGrain>(code).GetAsync();
        Assert.Equal("processing", dossier.Status);
    }

    [Fact]
    public async Task AFailureTheProviderReportsIsAppliedAndTheDossierListsIt()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 15_000));
        var created = await _kit.CreateAsync(code, PaymentMethods.VnptPay);
        fixture.Gateways.Script(created.Id, () => [new GatewayPayment(GatewayProviders.VnptPay, "VNPT-9", created.Id, 15_000, GatewayPaymentStatus.Failed)]);

        fixture.Time.Advance(TimeSpan.FromMinutes(91));
        await _kit.RunExpiryReminderAsync(created.Id);

        Assert.Equal(PaymentStatuses.Failed, (await _kit.Payment(created.Id).GetAsync()).Status);
        var dossier = await fixture.Grains.GetGrain<IDossierGrain>(code).GetAsync();
        Assert.Equal(PaymentStatuses.Failed, Assert.Single(dossier.Payments, p => p.Id == created.Id).Status);
        Assert.Equal("payment_requested", dossier.Status);
    }

    private Task RunStatusQueryReminderAsync(string paymentId) => _kit.RemindAsync(_kit.Payment(paymentId), PaymentGrain.StatusQueryReminder);
}
