using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Tests;

/// <summary>Money a provider holds for a payment is paid back through the provider: once, whatever the provider's answers.</summary>
[Collection(PaymentCollection.Name)]
public sealed class PaymentReturnTests(PaymentClusterFixture fixture)
{
    private readonly PaymentTestKit _kit = new(fixture);

    [Fact]
    public async Task ARefundWhoseAnswerWasLostIsAskedAgainWithTheSameKeyAndPaidOnce()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 20_000));
        var payment = await _kit.CreateAsync(code, PaymentMethods.ViettelPay);
        await ProviderSaysAsync(payment, "viettelpay", "VT-" + payment.Id, payment.Amount);
        var before = await _kit.BalanceAsync("refunds-payable:viettelpay");

        fixture.Gateways.RefundFailuresLeft = 1;
        var refunded = await _kit.RefundAsync(payment.Id, 20_000);
        var waiting = Assert.Single(refunded.Refunds);
        Assert.Equal(RefundPayouts.RefundingAtProvider, waiting.Payout);
        Assert.Contains("Timeout", waiting.PayoutError, StringComparison.Ordinal);
        Assert.True(refunded.RefundDue);
        Assert.Equal(-20_000, await _kit.BalanceAsync("refunds-payable:viettelpay") - before);

        await _kit.RunPaymentSagaReminderAsync(payment.Id);
        await _kit.RunPaymentSagaReminderAsync(payment.Id);

        var paid = await _kit.Payment(payment.Id).GetAsync();
        var refund = Assert.Single(paid.Refunds);
        Assert.Equal(RefundPayouts.RefundedAtProvider, refund.Payout);
        Assert.False(paid.RefundDue);
        Assert.True(paid.Saga.Completed);
        var atProvider = Assert.Single(fixture.Gateways.Refunds, r => r.Key == $"refund:{payment.Id}:{waiting.Id}");
        Assert.Equal(atProvider.Value.RefundId, refund.ProviderRefundId);
        Assert.Equal(0, await _kit.BalanceAsync("refunds-payable:viettelpay") - before);
        Assert.Equal(0, (await _kit.AuditAsync()).Total);
    }

    [Fact]
    public async Task LateMoneyForAProviderNotConfiguredHereIsLedgeredAndStaysOwedVisibly()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 30_000));
        var payment = await _kit.CreateAsync(code, PaymentMethods.VietQr);
        await _kit.CancelAsync(payment.Id);
        var clearing = await _kit.BalanceAsync("clearing:bank");

        var late = await _kit.BankSaysAsync(payment, "succeeded");
        var again = await _kit.BankSaysAsync(payment, "succeeded"); // the same transfer, another notification

        Assert.Equal(GatewayDispositions.RecordedNotApplied, late.Disposition);
        var owed = Assert.Single(again.Payment.Refunds);
        Assert.Equal((true, RefundPayouts.RefundingAtProvider, 30_000L), (owed.Unapplied, owed.Payout, owed.Amount));
        Assert.True(again.Payment.RefundDue);
        Assert.Equal(PaymentStatuses.Cancelled, again.Payment.Status);
        Assert.Equal(30_000, await _kit.BalanceAsync("clearing:bank") - clearing);
        Assert.Equal(0, (await _kit.AuditAsync()).Total);
    }

    private Task<GatewayOutcomeResult> ProviderSaysAsync(PaymentView payment, string provider, string transaction, long amount) =>
        _kit.Payment(payment.Id).RecordGatewayOutcomeAsync(new RecordGatewayOutcome(PaymentTestKit.Op(), PaymentTestKit.Bank, provider,
            GatewayOutcomeKinds.Succeeded, transaction, amount, fixture.Time.GetUtcNow()));
}
