using Microsoft.Extensions.DependencyInjection;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Interfaces.Wallets;
using MotCua.Grains.Wallets;
using Orleans.Storage;

namespace MotCua.Grains.Tests;

[Collection(PaymentCollection.Name)]
public sealed class WalletGrainTests(PaymentClusterFixture fixture)
{
    private readonly PaymentTestKit _kit = new(fixture);

    [Fact]
    public async Task ATopUpRetriedWithTheSameOperationIdIsCreditedOnce()
    {
        var citizen = PaymentTestKit.NewCitizen();
        var op = PaymentTestKit.Op();

        await _kit.TopUpAsync(citizen, 100_000, op);
        var again = await _kit.TopUpAsync(citizen, 100_000, op);

        Assert.Equal(100_000, again.Balance);
        Assert.Single(again.History);
        var reused = await Assert.ThrowsAsync<DomainException>(() => _kit.TopUpAsync(citizen, 90_000, op));
        Assert.Equal(ErrorCodes.OperationConflict, reused.Code);
    }

    [Fact]
    public async Task AWalletKeepsOnlyItsRecentPastAndStillRecognisesAnOldRetryByItsJournalEntry()
    {
        var citizen = PaymentTestKit.NewCitizen();
        var wallet = _kit.Wallet(citizen);
        var first = PaymentTestKit.Op();
        await _kit.TopUpAsync(citizen, 100_000, first);
        for (var i = 0; i < 60; i++)
        {
            await wallet.HoldAsync(new HoldWalletFunds($"pay_keep_{i}", 1_000));
            await wallet.CaptureAsync($"pay_keep_{i}");
        }

        fixture.Time.Advance(WalletRetention.Settled + TimeSpan.FromDays(1));
        await _kit.TopUpAsync(citizen, 5_000);
        var stored = await StoredAsync(citizen);
        var again = await _kit.TopUpAsync(citizen, 100_000, first);
        var reused = await Assert.ThrowsAsync<DomainException>(() => _kit.TopUpAsync(citizen, 90_000, first));

        // Trimmed: the view's window of history (sequences go on), no settled hold, no completed operation.
        Assert.Equal(50, stored.History.Count);
        Assert.Equal(122, stored.LastSequence);
        Assert.Equal(Enumerable.Range(73, 50).Select(i => (long)i), stored.History.Select(e => e.Sequence));
        Assert.Empty(stored.Holds);
        Assert.Single(stored.Operations);
        Assert.True(stored.OperationsTrimmed);
        // The old top-up, retried after it left the state, is found in the journal and credited once.
        Assert.Equal(100_000 - 60_000 + 5_000, again.Balance);
        Assert.Equal(ErrorCodes.OperationConflict, reused.Code);
        Assert.Equal(-again.Balance, await _kit.BalanceAsync(LedgerAccounts.Wallet(citizen)));
    }

    private async Task<WalletState> StoredAsync(string citizen)
    {
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        var state = new GrainState<WalletState>(new WalletState());
        await storage.ReadStateAsync(StateNames.Wallet, GrainId.Create("wallet", citizen), state);
        return state.State ?? throw new InvalidOperationException($"Wallet {citizen} is not stored.");
    }

    [Fact]
    public async Task AHoldReservesFundsThatCaptureTakesAndReleaseGivesBack()
    {
        var citizen = PaymentTestKit.NewCitizen();
        var wallet = _kit.Wallet(citizen);
        await _kit.TopUpAsync(citizen, 100_000);

        await wallet.HoldAsync(new HoldWalletFunds("pay_a", 30_000));
        await wallet.HoldAsync(new HoldWalletFunds("pay_b", 50_000));
        var held = await wallet.GetAsync();
        await wallet.CaptureAsync("pay_a");
        await wallet.ReleaseAsync("pay_b");
        var after = await wallet.GetAsync();

        Assert.Equal((100_000L, 80_000L, 20_000L), (held.Balance, held.Held, held.Available));
        Assert.Equal(2, held.Holds.Count);
        Assert.Equal((70_000L, 0L, 70_000L), (after.Balance, after.Held, after.Available));
        Assert.Empty(after.Holds);
        Assert.Equal(["wallet.topped_up", "wallet.held", "wallet.held", "wallet.captured", "wallet.released"],
            after.History.Select(h => h.Type));
    }

    [Fact]
    public async Task AHoldBeyondTheAvailableBalanceIsRefusedCountingOtherHolds()
    {
        var citizen = PaymentTestKit.NewCitizen();
        var wallet = _kit.Wallet(citizen);
        await _kit.TopUpAsync(citizen, 60_000);
        await wallet.HoldAsync(new HoldWalletFunds("pay_first", 40_000));

        var refused = await Assert.ThrowsAsync<DomainException>(() => wallet.HoldAsync(new HoldWalletFunds("pay_second", 20_001)));

        Assert.Equal(PaymentErrorCodes.InsufficientFunds, refused.Code);
        Assert.Equal(20_000, (await wallet.GetAsync()).Available);
    }

    [Fact]
    public async Task HoldCaptureAndReleaseAreIdempotentByPaymentId()
    {
        var citizen = PaymentTestKit.NewCitizen();
        var wallet = _kit.Wallet(citizen);
        await _kit.TopUpAsync(citizen, 100_000);

        await wallet.HoldAsync(new HoldWalletFunds("pay_x", 40_000));
        await wallet.HoldAsync(new HoldWalletFunds("pay_x", 40_000));
        await wallet.CaptureAsync("pay_x");
        var captured = await wallet.CaptureAsync("pay_x");
        var releasedAfterCapture = await wallet.ReleaseAsync("pay_x");
        var holdAgain = await wallet.HoldAsync(new HoldWalletFunds("pay_x", 40_000));

        Assert.Equal(WalletHoldStatuses.Captured, captured.Status);
        Assert.Equal(WalletHoldStatuses.Captured, releasedAfterCapture.Status);
        Assert.Equal(WalletHoldStatuses.Captured, holdAgain.Status);
        var view = await wallet.GetAsync();
        Assert.Equal((60_000L, 0L), (view.Balance, view.Held));
    }

    [Fact]
    public async Task AHoldArrivingAfterItsReleaseStaysReleased()
    {
        var citizen = PaymentTestKit.NewCitizen();
        var wallet = _kit.Wallet(citizen);
        await _kit.TopUpAsync(citizen, 100_000);

        await wallet.ReleaseAsync("pay_late");
        var late = await wallet.HoldAsync(new HoldWalletFunds("pay_late", 40_000));

        Assert.Equal(WalletHoldStatuses.Released, late.Status);
        Assert.Equal(100_000, (await wallet.GetAsync()).Available);
        var capture = await Assert.ThrowsAsync<DomainException>(() => wallet.CaptureAsync("pay_late"));
        Assert.Equal(PaymentErrorCodes.HoldNotFound, capture.Code);
    }

    [Fact]
    public async Task ARefundCreditIsAppliedOncePerOperation()
    {
        var citizen = PaymentTestKit.NewCitizen();
        var wallet = _kit.Wallet(citizen);

        await wallet.CreditRefundAsync(new CreditWalletRefund("refund:pay_r:1", "pay_r", 25_000));
        var again = await wallet.CreditRefundAsync(new CreditWalletRefund("refund:pay_r:1", "pay_r", 25_000));

        Assert.Equal(25_000, again.Balance);
        Assert.Equal(-25_000, await _kit.BalanceAsync(LedgerAccounts.Wallet(citizen)));
    }

    [Fact]
    public async Task EveryWalletMovementIsPostedToItsLedgerAccount()
    {
        var citizen = PaymentTestKit.NewCitizen();
        var wallet = _kit.Wallet(citizen);
        await _kit.TopUpAsync(citizen, 200_000);
        await wallet.HoldAsync(new HoldWalletFunds("pay_l1", 75_000));
        var holding = await _kit.BalanceAsync(LedgerAccounts.Wallet(citizen));
        await wallet.CaptureAsync("pay_l1");
        await wallet.CreditRefundAsync(new CreditWalletRefund("refund:pay_l1:1", "pay_l1", 5_000));

        var view = await wallet.GetAsync();

        Assert.Equal(-200_000, holding);
        Assert.Equal(130_000, view.Balance);
        Assert.Equal(-view.Balance, await _kit.BalanceAsync(LedgerAccounts.Wallet(citizen)));
        var capture = await _kit.EntryAsync($"wallet:{citizen}:capture:pay_l1");
        Assert.NotNull(capture);
        Assert.Equal(0, capture.Postings.Sum(p => p.Amount));
    }

    [Fact]
    public async Task AWalletPostsWhatItsOutboxHeldAfterACrash()
    {
        var citizen = PaymentTestKit.NewCitizen();
        await _kit.TopUpAsync(citizen, 10_000);
        await _kit.DeactivateAsync(_kit.Wallet(citizen));

        await _kit.RunWalletReminderAsync(citizen);

        Assert.Equal(-10_000, await _kit.BalanceAsync(LedgerAccounts.Wallet(citizen)));
        Assert.Equal(10_000, (await _kit.Wallet(citizen).GetAsync()).Balance);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomWalletOperationsNeverMakeTheBalanceNegativeAndMatchTheLedger(int seed)
    {
        var random = new Random(seed);
        var citizen = PaymentTestKit.NewCitizen();
        var wallet = _kit.Wallet(citizen);
        long balance = 0, held = 0;
        var holds = new Dictionary<string, (long Amount, string Status)>();
        for (var i = 0; i < 300; i++)
        {
            var payment = $"pay_{seed}_{random.Next(0, 40)}";
            switch (random.Next(0, 6))
            {
                case 0:
                    var top = random.Next(1, 50) * 1_000L;
                    await _kit.TopUpAsync(citizen, top);
                    balance += top;
                    break;
                case 1:
                    var amount = random.Next(1, 80) * 1_000L;
                    try
                    {
                        var hold = await wallet.HoldAsync(new HoldWalletFunds(payment, amount));
                        if (!holds.ContainsKey(payment))
                        {
                            holds[payment] = (amount, hold.Status);
                            held += amount;
                            Assert.Equal(WalletHoldStatuses.Held, hold.Status);
                        }
                    }
                    catch (DomainException e) when (e.Code is PaymentErrorCodes.InsufficientFunds or ErrorCodes.OperationConflict)
                    {
                        Assert.True(holds.ContainsKey(payment) || amount > balance - held, $"refused a hold of {amount} with {balance - held} available");
                    }

                    break;
                case 2:
                    try
                    {
                        await wallet.CaptureAsync(payment);
                        if (holds.TryGetValue(payment, out var h) && h.Status == WalletHoldStatuses.Held)
                        {
                            holds[payment] = (h.Amount, WalletHoldStatuses.Captured);
                            held -= h.Amount;
                            balance -= h.Amount;
                        }
                    }
                    catch (DomainException e) when (e.Code == PaymentErrorCodes.HoldNotFound)
                    {
                        Assert.True(!holds.TryGetValue(payment, out var h) || h.Status == WalletHoldStatuses.Released);
                    }

                    break;
                case 3:
                    await wallet.ReleaseAsync(payment);
                    if (holds.TryGetValue(payment, out var r))
                    {
                        if (r.Status == WalletHoldStatuses.Held)
                        {
                            holds[payment] = (r.Amount, WalletHoldStatuses.Released);
                            held -= r.Amount;
                        }
                    }
                    else
                    {
                        holds[payment] = (0, WalletHoldStatuses.Released);
                    }

                    break;
                case 4:
                    var credit = random.Next(1, 20) * 1_000L;
                    await wallet.CreditRefundAsync(new CreditWalletRefund(PaymentTestKit.Op(), payment, credit));
                    balance += credit;
                    break;
                default:
                    await _kit.DeactivateAsync(wallet);
                    break;
            }

            var view = await wallet.GetAsync();
            Assert.True(view.Balance >= 0 && view.Held >= 0 && view.Available >= 0, $"step {i}: {view.Balance}/{view.Held}");
            Assert.Equal((balance, held), (view.Balance, view.Held));
        }

        Assert.Equal(-balance, await _kit.BalanceAsync(LedgerAccounts.Wallet(citizen)));
    }
}
