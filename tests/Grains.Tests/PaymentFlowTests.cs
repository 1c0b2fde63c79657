using MotCua.Gateways.VietQr;
using MotCua.Grains.Interfaces.Channels;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Interfaces.Receipts;
using MotCua.Grains.Interfaces.Wallets;
using MotCua.Grains.Payments;

namespace MotCua.Grains.Tests;

[Collection(PaymentCollection.Name)]
public sealed class PaymentFlowTests(PaymentClusterFixture fixture)
{
    private readonly PaymentTestKit _kit = new(fixture);

    [Fact]
    public async Task AWalletPaymentHoldsCapturesAndPaysTheFee()
    {
        var citizen = PaymentTestKit.NewCitizen();
        await _kit.TopUpAsync(citizen, 200_000);
        var code = await _kit.DossierAwaitingFeesAsync(citizen, ("fee", 50_000), ("charge", 25_000));

        var payment = await _kit.CreateAsync(code, PaymentMethods.Wallet);

        Assert.Equal(PaymentStatuses.Succeeded, payment.Status);
        Assert.Equal(75_000, payment.Amount);
        Assert.Equal(citizen, payment.CitizenId);
        Assert.Equal(["payment.created", "payment.processing", "payment.succeeded"], payment.History.Select(h => h.Type));
        Assert.Equal(new PaymentSagaView(DossierOutcomes.Applied, true, true, true, WalletHoldStatuses.Captured, true), payment.Saga);
        Assert.Matches(@"^SXD-2026-\d{7}$", payment.ReceiptNumber);
        var wallet = await _kit.Wallet(citizen).GetAsync();
        Assert.Equal((125_000L, 0L, 125_000L), (wallet.Balance, wallet.Held, wallet.Available));
        Assert.Equal(-wallet.Balance, await _kit.BalanceAsync(LedgerAccounts.Wallet(citizen)));
        var dossier = await _kit.Dossier(code).GetAsync();
        Assert.Equal("processing", dossier.Status);
        Assert.All(dossier.Fees, f => Assert.Equal(payment.Id, f.PaidByPaymentId));
        var entry = await _kit.EntryAsync($"pay:{payment.Id}");
        Assert.NotNull(entry);
        Assert.Equal(
            new Dictionary<string, long>
            {
                [LedgerAccounts.WalletPayments] = 75_000,
                ["revenue:SXD:fee"] = -50_000,
                ["revenue:SXD:charge"] = -25_000,
            },
            entry.Postings.ToDictionary(p => p.Account, p => p.Amount));
    }

    [Fact]
    public async Task AWalletPaymentTheWalletCannotCoverFailsAndHoldsNothing()
    {
        var citizen = PaymentTestKit.NewCitizen();
        await _kit.TopUpAsync(citizen, 10_000);
        var code = await _kit.DossierAwaitingFeesAsync(citizen, ("charge", 25_000));

        var payment = await _kit.CreateAsync(code, PaymentMethods.Wallet);

        Assert.Equal(PaymentStatuses.Failed, payment.Status);
        Assert.Contains("10000 VND available", payment.FailureReason, StringComparison.Ordinal);
        Assert.True(payment.Saga.Completed);
        var wallet = await _kit.Wallet(citizen).GetAsync();
        Assert.Equal((10_000L, 0L), (wallet.Balance, wallet.Held));
        Assert.Equal("payment_requested", (await _kit.Dossier(code).GetAsync()).Status);
        Assert.Null(await _kit.EntryAsync($"pay:{payment.Id}"));
    }

    [Fact]
    public async Task ACashPaymentIsLedgeredFromTheChannelsClearingToTheAgencysRevenue()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 75_000));
        var payment = await _kit.CreateAsync(code, PaymentMethods.Cash);

        await _kit.CollectAsync(payment);
        var paid = await _kit.Payment(payment.Id).GetAsync();

        Assert.Equal(PaymentStatuses.Succeeded, paid.Status);
        Assert.True(paid.Saga.Completed);
        Assert.NotNull(paid.ReceiptNumber);
        var entry = await _kit.EntryAsync($"pay:{payment.Id}");
        Assert.Equal(
            new Dictionary<string, long> { ["clearing:vnpost:PAY-0001"] = 75_000, ["revenue:SXD:charge"] = -75_000 },
            entry!.Postings.ToDictionary(p => p.Account, p => p.Amount));
    }

    [Fact]
    public async Task AVietQrPaymentCarriesADynamicQrForTheAgencysCollectionAccount()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 75_000));

        var payment = await _kit.CreateAsync(code, PaymentMethods.VietQr);

        Assert.NotNull(payment.VietQr);
        var qr = VietQrCodec.Decode(payment.VietQr.Payload);
        Assert.True(qr.IsDynamic);
        Assert.Equal(PaymentClusterFixture.SxdBankBin, qr.BankBin);
        Assert.Equal(PaymentClusterFixture.SxdAccount, qr.AccountOrCard);
        Assert.Equal(75_000, qr.Amount);
        Assert.Equal(payment.Reference, qr.BillNumber);
        Assert.Equal(VietQrCodec.FoldToAscii($"{code} Lệ phí cấp giấy phép xây dựng 1"), qr.Purpose);
        Assert.StartsWith(code, qr.Purpose, StringComparison.Ordinal);
        Assert.True(qr.Purpose!.Length <= 25 && qr.Purpose.All(c => c is >= ' ' and <= '~'));
        Assert.Equal(PaymentStatuses.Pending, payment.Status);
    }

    [Fact]
    public async Task AVietQrPaymentToAnAgencyWithoutACollectionAccountIsRefusedBeforeItIsListed()
    {
        var code = await _kit.DossierOfAgencyAwaitingFeesAsync("STP-LLTP-001", "STP", PaymentTestKit.NewCitizen(), ("fee", 200_000));

        var refused = await Assert.ThrowsAsync<DomainException>(() => _kit.CreateAsync(code, PaymentMethods.VietQr));

        Assert.Equal(PaymentErrorCodes.CollectionAccountMissing, refused.Code);
        Assert.Empty((await _kit.Dossier(code).GetAsync()).Payments);
    }

    [Fact]
    public void SandboxCollectionAccountsAreMadeOnlyWhenAllowedAndCannotBeRealAccounts()
    {
        var sandbox = new CollectionAccounts(new Dictionary<string, CollectionAccount>(), sandbox: true);
        var none = new CollectionAccounts(new Dictionary<string, CollectionAccount>(), sandbox: false);

        var account = sandbox.Find("UBND-X");

        Assert.NotNull(account);
        Assert.Equal("SANDBOXUBNDX", account.AccountNumber);
        Assert.Null(none.Find("UBND-X"));
        Assert.Throws<InvalidOperationException>(() => new CollectionAccounts(
            new Dictionary<string, CollectionAccount> { ["SXD"] = new() { BankBin = "97041", AccountNumber = "1" } }, false));
    }

    [Fact]
    public async Task ABankNotificationPaysAVietQrPaymentOnceHoweverOftenItArrives()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 75_000));
        var payment = await _kit.CreateAsync(code, PaymentMethods.VietQr);
        var notification = PaymentTestKit.Op();

        var first = await _kit.BankSaysAsync(payment, GatewayOutcomeKinds.Succeeded, notificationId: notification);
        var redelivered = await _kit.BankSaysAsync(payment, GatewayOutcomeKinds.Succeeded, notificationId: notification);
        var sameTransferAgain = await _kit.BankSaysAsync(payment, GatewayOutcomeKinds.Succeeded);

        Assert.Equal(GatewayDispositions.Applied, first.Disposition);
        Assert.Equal(GatewayDispositions.Applied, redelivered.Disposition);
        Assert.Equal(GatewayDispositions.AlreadyApplied, sameTransferAgain.Disposition);
        var paid = sameTransferAgain.Payment;
        Assert.Equal(PaymentStatuses.Succeeded, paid.Status);
        Assert.Equal(["payment.created", "payment.succeeded"], paid.History.Select(h => h.Type));
        Assert.Equal("bank", paid.Provider);
        Assert.True(paid.Saga.Completed);
        Assert.Equal(75_000, (await _kit.EntryAsync($"pay:{payment.Id}"))!.Postings.Single(p => p.Account == "clearing:bank").Amount);
    }

    [Fact]
    public async Task AFailureReportedAfterSuccessIsRecordedNotApplied()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 30_000));
        var payment = await _kit.CreateAsync(code, PaymentMethods.VietQr);
        await _kit.BankSaysAsync(payment, GatewayOutcomeKinds.Succeeded);

        var late = await _kit.BankSaysAsync(payment, GatewayOutcomeKinds.Failed);

        Assert.Equal(GatewayDispositions.RecordedNotApplied, late.Disposition);
        Assert.Equal(PaymentStatuses.Succeeded, late.Payment.Status);
        Assert.Equal(GatewayOutcomeKinds.Failed, Assert.Single(late.Payment.UnappliedNotices).Outcome);
    }

    [Fact]
    public async Task AnAmountOtherThanTheOneDueIsRecordedNotAppliedAndThePaymentStaysPayable()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 30_000));
        var payment = await _kit.CreateAsync(code, PaymentMethods.VietQr);

        var wrong = await _kit.BankSaysAsync(payment, GatewayOutcomeKinds.Succeeded, amount: 3_000);
        var right = await _kit.BankSaysAsync(payment, GatewayOutcomeKinds.Succeeded, transaction: "FT-RIGHT");

        Assert.Equal(GatewayDispositions.RecordedNotApplied, wrong.Disposition);
        Assert.Equal(PaymentStatuses.Pending, wrong.Payment.Status);
        Assert.Contains("3000 VND reported", wrong.Reason, StringComparison.Ordinal);
        Assert.Equal(GatewayDispositions.Applied, right.Disposition);
        Assert.Equal(PaymentStatuses.Succeeded, right.Payment.Status);
        Assert.Single(right.Payment.UnappliedNotices);
    }

    [Fact]
    public async Task AGatewayFailureFailsAPendingPaymentAndAnyLaterSuccessIsOnlyRecorded()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 30_000));
        var payment = await _kit.CreateAsync(code, PaymentMethods.VietQr);

        var failed = await _kit.BankSaysAsync(payment, GatewayOutcomeKinds.Failed);
        var late = await _kit.BankSaysAsync(payment, GatewayOutcomeKinds.Succeeded);

        Assert.Equal(PaymentStatuses.Failed, failed.Payment.Status);
        Assert.Equal(GatewayDispositions.RecordedNotApplied, late.Disposition);
        Assert.Equal(PaymentStatuses.Failed, late.Payment.Status);
    }

    [Fact]
    public async Task ANotificationFromAnotherProviderOrForACashPaymentIsNotApplied()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 30_000));
        var qr = await _kit.CreateAsync(code, PaymentMethods.VietQr);
        var cash = await _kit.CreateAsync(code, PaymentMethods.Cash);

        var wrongProvider = await _kit.Payment(qr.Id).RecordGatewayOutcomeAsync(new RecordGatewayOutcome(PaymentTestKit.Op(),
            PaymentTestKit.Bank, "viettelpay", GatewayOutcomeKinds.Succeeded, "VT1", 30_000, fixture.Time.GetUtcNow()));
        var toCash = await _kit.BankSaysAsync(cash, GatewayOutcomeKinds.Succeeded);

        Assert.Equal(GatewayDispositions.RecordedNotApplied, wrongProvider.Disposition);
        Assert.Equal(PaymentStatuses.Pending, wrongProvider.Payment.Status);
        Assert.Equal(GatewayDispositions.RecordedNotApplied, toCash.Disposition);
        Assert.Equal(PaymentStatuses.Pending, toCash.Payment.Status);
    }

    [Fact]
    public async Task APendingPaymentIsCancelledOnceAndCanThenNoLongerBeCollected()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 20_000));
        var payment = await _kit.CreateAsync(code, PaymentMethods.Cash);
        var op = PaymentTestKit.Op();

        var cancelled = await _kit.CancelAsync(payment.Id, op);
        var again = await _kit.CancelAsync(payment.Id, op);
        var collect = await Assert.ThrowsAsync<DomainException>(() => _kit.CollectAsync(payment));

        Assert.Equal(PaymentStatuses.Cancelled, cancelled.Status);
        Assert.Equal(cancelled.History, again.History);
        Assert.Equal(ErrorCodes.PaymentNotCollectable, collect.Code);
        Assert.Equal(PaymentStatuses.Cancelled, collect.CurrentStatus);
        Assert.Empty(cancelled.AllowedActions);
    }

    [Fact]
    public async Task CancellingAPaidPaymentIsRefusedWithItsStatusAndWhatIsAllowed()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 20_000));
        var payment = await _kit.CreateAsync(code, PaymentMethods.Cash);
        await _kit.CollectAsync(payment);

        var refused = await Assert.ThrowsAsync<DomainException>(() => _kit.CancelAsync(payment.Id));

        Assert.Equal(ErrorCodes.InvalidTransition, refused.Code);
        Assert.Equal(PaymentStatuses.Succeeded, refused.CurrentStatus);
        Assert.Equal(["refund"], refused.AllowedActions);
    }

    [Fact]
    public async Task APendingPaymentExpiresWhenItsReminderFiresPastItsLifetimeAndNotBefore()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 20_000));
        var payment = await _kit.CreateAsync(code, PaymentMethods.Cash);

        fixture.Time.Advance(TimeSpan.FromMinutes(89));
        await _kit.RunExpiryReminderAsync(payment.Id);
        var early = await _kit.Payment(payment.Id).GetAsync();
        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        await _kit.RunExpiryReminderAsync(payment.Id);
        var late = await _kit.Payment(payment.Id).GetAsync();

        Assert.Equal(PaymentStatuses.Pending, early.Status);
        Assert.Equal(PaymentStatuses.Expired, late.Status);
        Assert.Equal("system", late.History[^1].ActorRole);
        Assert.Equal(payment.CreatedAt.AddMinutes(90), payment.ExpiresAt);
    }

    [Fact]
    public async Task AWalletPaymentLeftPendingIsReleasedWhenCancelled()
    {
        var citizen = PaymentTestKit.NewCitizen();
        await _kit.TopUpAsync(citizen, 50_000);
        var code = await _kit.DossierAwaitingFeesAsync(citizen, ("charge", 20_000));
        var op = PaymentTestKit.Op();
        var id = PaymentIds.FromOperation(op);
        fixture.Faults.Arm(id, PaymentSagaStep.WalletHold);
        try
        {
            var pending = await _kit.CreateAsync(code, PaymentMethods.Wallet, op);
            var cancelled = await _kit.CancelAsync(id);

            Assert.Equal(PaymentStatuses.Pending, pending.Status);
            Assert.Equal(PaymentStatuses.Cancelled, cancelled.Status);
            Assert.Equal(WalletHoldStatuses.Released, cancelled.Saga.WalletHold);
            var late = await _kit.Wallet(citizen).HoldAsync(new HoldWalletFunds(id, 20_000));
            Assert.Equal(WalletHoldStatuses.Released, late.Status);
            Assert.Equal(50_000, (await _kit.Wallet(citizen).GetAsync()).Available);
        }
        finally
        {
            fixture.Faults.Disarm(id);
        }
    }

    [Fact]
    public async Task ASecondCashPaymentOfAPaidFeeIsRefusedAtTheCounterAndCancelledAndBothShowOnTheDossier()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 40_000));
        var first = await _kit.CreateAsync(code, PaymentMethods.Cash);
        var second = await _kit.CreateAsync(code, PaymentMethods.Cash);
        var position = (await fixture.Grains.GetGrain<IChannelGrain>("vnpost:PAY-0002").GetAsync()).Position;

        await _kit.CollectAsync(first);
        var refused = await Assert.ThrowsAsync<DomainException>(() => _kit.CollectAsync(second, channel: "vnpost:PAY-0002"));

        Assert.Contains(refused.Code, new[] { ErrorCodes.FeeAlreadyPaid, ErrorCodes.PaymentNotCollectable });
        var cancelled = await _kit.Payment(second.Id).GetAsync();
        Assert.Equal(PaymentStatuses.Cancelled, cancelled.Status); // by the first payment's saga, or by the refused collection
        Assert.Empty(cancelled.Refunds);
        Assert.Equal(position, (await fixture.Grains.GetGrain<IChannelGrain>("vnpost:PAY-0002").GetAsync()).Position);
        var dossier = await _kit.Dossier(code).GetAsync();
        Assert.Equal([first.Id, second.Id], dossier.Payments.Select(p => p.Id));
        Assert.All(dossier.Fees, f => Assert.Equal(first.Id, f.PaidByPaymentId));
        Assert.Null(await _kit.EntryAsync($"pay:{second.Id}"));
    }

    [Fact]
    public async Task ACashCollectionForAFeeAnotherPaymentPaidIsRefusedWithItsCode()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 25_000));
        var cash = await _kit.CreateAsync(code, PaymentMethods.Cash);
        var qr = await _kit.CreateAsync(code, PaymentMethods.VietQr);
        // The QR payment's saga is held before it cancels the cash payment: the dossier alone refuses the cash.
        fixture.Faults.Arm(qr.Id, PaymentSagaStep.CancelPending);
        try
        {
            await _kit.BankSaysAsync(qr, GatewayOutcomeKinds.Succeeded);
            var refused = await Assert.ThrowsAsync<DomainException>(() => _kit.CollectAsync(cash));
            Assert.Equal(ErrorCodes.FeeAlreadyPaid, refused.Code);
        }
        finally
        {
            fixture.Faults.Disarm(qr.Id);
        }

        Assert.Equal(PaymentStatuses.Cancelled, (await _kit.Payment(cash.Id).GetAsync()).Status);
        await _kit.RunPaymentSagaReminderAsync(qr.Id);
        Assert.True((await _kit.Payment(qr.Id).GetAsync()).Saga.Completed);
        Assert.Equal(0, (await _kit.AuditAsync()).Total);
    }

    [Fact]
    public async Task AWalletPaymentOfAFeeThatCashPaidFirstIsCreditedBackToTheWallet()
    {
        var citizen = PaymentTestKit.NewCitizen();
        await _kit.TopUpAsync(citizen, 100_000);
        var code = await _kit.DossierAwaitingFeesAsync(citizen, ("charge", 60_000));
        var cash = await _kit.CreateAsync(code, PaymentMethods.Cash);
        var op = PaymentTestKit.Op();
        var walletPaymentId = PaymentIds.FromOperation(op);
        // The wallet payment takes the money but cannot reach the dossier yet; meanwhile the cash is collected.
        fixture.Faults.Arm(walletPaymentId, PaymentSagaStep.Dossier);
        try
        {
            var taken = await _kit.CreateAsync(code, PaymentMethods.Wallet, op);
            Assert.Equal(PaymentStatuses.Succeeded, taken.Status);
            Assert.Equal(40_000, (await _kit.Wallet(citizen).GetAsync()).Balance);
            await _kit.CollectAsync(cash);
        }
        finally
        {
            fixture.Faults.Disarm(walletPaymentId);
        }

        await _kit.RunPaymentSagaReminderAsync(walletPaymentId);
        var refunded = await _kit.Payment(walletPaymentId).GetAsync();

        Assert.Equal(PaymentStatuses.Refunded, refunded.Status);
        Assert.Equal(RefundPayouts.CreditedToWallet, Assert.Single(refunded.Refunds).Payout);
        Assert.False(refunded.RefundDue);
        Assert.True(refunded.Saga.Completed);
        var wallet = await _kit.Wallet(citizen).GetAsync();
        Assert.Equal(100_000, wallet.Balance);
        Assert.Equal(-100_000, await _kit.BalanceAsync(LedgerAccounts.Wallet(citizen)));
        Assert.All((await _kit.Dossier(code).GetAsync()).Fees, f => Assert.Equal(cash.Id, f.PaidByPaymentId));
    }

    [Fact]
    public async Task PartialThenFullRefundsAreLedgeredAndNeverExceedWhatWasPaid()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("fee", 50_000), ("charge", 25_000));
        var payment = await _kit.CreateAsync(code, PaymentMethods.Cash);
        await _kit.CollectAsync(payment);

        var partial = await _kit.RefundAsync(payment.Id, 30_000);
        var tooMuch = await Assert.ThrowsAsync<DomainException>(() => _kit.RefundAsync(payment.Id, 45_001));
        var full = await _kit.RefundAsync(payment.Id, 45_000);
        var more = await Assert.ThrowsAsync<DomainException>(() => _kit.RefundAsync(payment.Id, 1));

        Assert.Equal(PaymentStatuses.PartiallyRefunded, partial.Status);
        Assert.Equal(30_000, partial.RefundedAmount);
        Assert.Equal("amount", tooMuch.Field);
        Assert.Contains("1 to 45000 VND", tooMuch.Detail, StringComparison.Ordinal);
        Assert.Equal(PaymentStatuses.Refunded, full.Status);
        Assert.Equal(75_000, full.RefundedAmount);
        Assert.Equal(ErrorCodes.InvalidTransition, more.Code);
        Assert.Equal(["payment.created", "payment.succeeded", "payment.partially_refunded", "payment.refunded"],
            full.History.Select(h => h.Type));
        Assert.NotNull(full.ReceiptNumber);
        var first = full.Refunds[0];
        var firstEntry = await _kit.EntryAsync($"refund:{payment.Id}:{first.Id}");
        // The charge (the last line) is given back first.
        Assert.Equal(
            new Dictionary<string, long> { ["revenue:SXD:charge"] = 25_000, ["revenue:SXD:fee"] = 5_000, ["refunds-payable:vnpost:PAY-0001"] = -30_000 },
            firstEntry!.Postings.ToDictionary(p => p.Account, p => p.Amount));
    }

    [Fact]
    public async Task AWalletRefundIsCreditedBackToTheWalletAndRetriesRefundOnce()
    {
        var citizen = PaymentTestKit.NewCitizen();
        await _kit.TopUpAsync(citizen, 100_000);
        var code = await _kit.DossierAwaitingFeesAsync(citizen, ("charge", 60_000));
        var payment = await _kit.CreateAsync(code, PaymentMethods.Wallet);
        var op = PaymentTestKit.Op();

        await _kit.RefundAsync(payment.Id, 10_000, op);
        var again = await _kit.RefundAsync(payment.Id, 10_000, op);
        var reused = await Assert.ThrowsAsync<DomainException>(() => _kit.RefundAsync(payment.Id, 20_000, op));

        Assert.Equal(PaymentStatuses.PartiallyRefunded, again.Status);
        Assert.Equal(10_000, again.RefundedAmount);
        Assert.Equal(RefundPayouts.CreditedToWallet, Assert.Single(again.Refunds).Payout);
        Assert.Equal(ErrorCodes.OperationConflict, reused.Code);
        Assert.Equal(50_000, (await _kit.Wallet(citizen).GetAsync()).Balance);
        Assert.Equal(-50_000, await _kit.BalanceAsync(LedgerAccounts.Wallet(citizen)));
    }

    [Fact]
    public async Task ARefundOfAPaymentNotPaidIsRefused()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 20_000));
        var payment = await _kit.CreateAsync(code, PaymentMethods.Cash);

        var refused = await Assert.ThrowsAsync<DomainException>(() => _kit.RefundAsync(payment.Id, 1_000));

        Assert.Equal(ErrorCodes.InvalidTransition, refused.Code);
        Assert.Equal(PaymentStatuses.Pending, refused.CurrentStatus);
        Assert.Equal(["cancel"], refused.AllowedActions);
    }

    [Fact]
    public async Task ARefundWaitsUntilTheDossierHasTakenThePayment()
    {
        var code = await _kit.DossierAwaitingFeesAsync(PaymentTestKit.NewCitizen(), ("charge", 20_000));
        var payment = await _kit.CreateAsync(code, PaymentMethods.Cash);
        fixture.Faults.Arm(payment.Id, PaymentSagaStep.Dossier);
        try
        {
            await _kit.CollectAsync(payment);

            var refused = await Assert.ThrowsAsync<DomainException>(() => _kit.RefundAsync(payment.Id, 1_000));

            Assert.Equal(PaymentErrorCodes.PaymentSettling, refused.Code);
        }
        finally
        {
            fixture.Faults.Disarm(payment.Id);
        }

        Assert.Equal(PaymentStatuses.PartiallyRefunded, (await _kit.RefundAsync(payment.Id, 1_000)).Status);
    }

    private async Task<long> ReceiptCountAsync() =>
        (await fixture.Grains.GetGrain<IReceiptSeriesGrain>(ReceiptSeries.Key("SXD", 2026)).GetAsync()).Issued;
}
