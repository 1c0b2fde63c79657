using MotCua.Grains.Interfaces.Channels;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Interfaces.Receipts;
using MotCua.Grains.Payments;
using Xunit.Abstractions;

namespace MotCua.Grains.Tests;

/// <summary>
/// Seeded random runs on the in-process cluster: creations (and retried creations), cash collections (and replayed
/// or second collections), bank notifications (replayed, failed, wrong amounts), cancellations, time passing and
/// expiry reminders, refunds, top-ups, saga steps failing, grains deactivated, and bursts of those run concurrently.
/// Afterwards every reminder is let run, and the money must add up.
/// </summary>
[Collection(PaymentCollection.Name)]
public sealed class PaymentPropertyTests(PaymentClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly PaymentSagaStep[] Steps = Enum.GetValues<PaymentSagaStep>();
    private static readonly string[] Settlements = ["succeeded", "failed", "cancelled", "expired"];

    // Refusals a random operation may meet; anything else fails the run.
    private static readonly HashSet<string> ExpectedRefusals =
    [
        ErrorCodes.InvalidTransition, ErrorCodes.PaymentNotCollectable, ErrorCodes.FeeAlreadyPaid, ErrorCodes.DossierNotAwaitingPayment, ErrorCodes.NothingToPay, ErrorCodes.ValidationFailed,
        PaymentErrorCodes.PaymentSettling,
    ];

    private readonly PaymentTestKit _kit = new(fixture);

    [Theory]
    [InlineData(11, 1200)]
    [InlineData(23, 1200)]
    [InlineData(47, 1200)]
    public async Task RandomInterleavingsLeaveEveryPaymentOneOutcomeEveryFeePaidOnceAndTheLedgerAtZero(int seed, int operations)
    {
        var run = new Run(seed, _kit, fixture);
        output.WriteLine($"seed {seed}: {operations} operations");
        await run.SetUpAsync();
        var before = await _kit.AuditAsync();

        for (var i = 0; i < operations; i++)
        {
            if (run.Next(100) < 6)
            {
                // A burst: a few operations at once, on whichever grains they pick (often the same payment).
                var burst = Enumerable.Range(0, run.Next(2, 5)).Select(_ => run.PickOperation(concurrent: true)).ToList();
                await Task.WhenAll(burst.Select(op => run.ExecuteAsync(op)));
            }
            else
            {
                await run.ExecuteAsync(run.PickOperation(concurrent: false));
            }
        }

        output.WriteLine($"payments {run.Payments.Count}, injected faults {fixture.Faults.Injected}, counts {string.Join(", ", run.Counts.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}"))}");
        await run.SettleAsync();
        await run.AssertInvariantsAsync(before, output);
    }

    private sealed record TrackedPayment(string Id, string Dossier, string Method, string CreateOp, string Citizen);

    private sealed class Run(int seed, PaymentTestKit kit, PaymentClusterFixture fixture)
    {
        private readonly object _gate = new();
        private readonly List<string> _citizens = [];
        private readonly List<(string Code, string Citizen)> _dossiers = [];
        private readonly List<(string Op, string Reference, long Amount, string Channel, CollectionView? View)> _collections = [];
        private readonly List<(RecordGatewayOutcome Command, string PaymentId, string Disposition)> _notices = [];
        private readonly Dictionary<string, long> _topUps = [];
        private readonly string[] _channels = [$"vnpost:PROP{seed}-1", $"viettelpay:PROP{seed}-2"];

        private readonly Random _random = new(seed);

        public List<TrackedPayment> Payments { get; } = [];

        public Dictionary<string, int> Counts { get; } = [];

        public async Task SetUpAsync()
        {
            for (var c = 0; c < 6; c++)
            {
                var citizen = PaymentTestKit.NewCitizen();
                _citizens.Add(citizen);
                await TopUpAsync(citizen, Next(0, 30) * 10_000L);
            }

            for (var d = 0; d < 40; d++)
            {
                await NewDossierAsync();
            }
        }

        private async Task NewDossierAsync()
        {
            var citizen = Pick(_citizens);
            var fees = Next(2) == 0
                ? new[] { ("charge", Next(1, 20) * 5_000L) }
                : [("fee", Next(1, 20) * 5_000L), ("charge", Next(1, 10) * 1_000L)];
            var code = await kit.DossierAwaitingFeesAsync(citizen, fees);
            lock (_gate)
            {
                _dossiers.Add((code, citizen));
            }
        }

        public string PickOperation(bool concurrent)
        {
            var roll = Next(100);
            return roll switch
            {
                < 14 => "create",
                < 18 => "create-pair",
                < 21 => "retry-create",
                < 33 => "collect",
                < 37 => "replay-collection",
                < 39 => "second-collection",
                < 48 => "bank-success",
                < 50 => "bank-replay",
                < 52 => "bank-failure",
                < 54 => "bank-wrong-amount",
                < 60 => "cancel",
                < 64 => concurrent ? "saga-tick" : "time-passes",
                < 68 => "expiry-tick",
                < 76 => "refund",
                < 81 => "top-up",
                < 86 => "deactivate",
                < 89 => "fault",
                < 93 => "new-dossier",
                _ => "saga-tick",
            };
        }

        public async Task ExecuteAsync(string operation)
        {
            lock (_gate)
            {
                Counts[operation] = Counts.GetValueOrDefault(operation) + 1;
            }

            try
            {
                await RunAsync(operation);
            }
            catch (DomainException e) when (ExpectedRefusals.Contains(e.Code))
            {
                lock (_gate)
                {
                    Counts["refused:" + e.Code] = Counts.GetValueOrDefault("refused:" + e.Code) + 1;
                }
            }
        }

        private async Task RunAsync(string operation)
        {
            switch (operation)
            {
                case "create":
                {
                    var (code, citizen) = Pick(_dossiers);
                    var method = Pick([PaymentMethods.Cash, PaymentMethods.Wallet, PaymentMethods.VietQr]);
                    var op = PaymentTestKit.Op();
                    var view = await kit.CreateAsync(code, method, op);
                    lock (_gate)
                    {
                        Payments.Add(new TrackedPayment(view.Id, code, method, op, citizen));
                    }

                    break;
                }

                case "create-pair":
                {
                    // Two ways to pay one fee at once, on a recent dossier: the way fees get paid twice.
                    (string Code, string Citizen) dossier;
                    lock (_gate)
                    {
                        dossier = _dossiers[_dossiers.Count - 1 - _random.Next(Math.Min(8, _dossiers.Count))];
                    }

                    string[] methods = [PaymentMethods.Cash, PaymentMethods.Wallet, PaymentMethods.VietQr];
                    var first = Next(3);
                    foreach (var method in new[] { methods[first], methods[(first + 1 + Next(2)) % 3] })
                    {
                        var op = PaymentTestKit.Op();
                        var view = await kit.CreateAsync(dossier.Code, method, op);
                        lock (_gate)
                        {
                            Payments.Add(new TrackedPayment(view.Id, dossier.Code, method, op, dossier.Citizen));
                        }
                    }

                    break;
                }

                case "retry-create":
                {
                    if (TryPick(Payments, out var p))
                    {
                        var again = await kit.CreateAsync(p.Dossier, p.Method, p.CreateOp);
                        Assert.Equal(p.Id, again.Id);
                    }

                    break;
                }

                case "collect":
                {
                    if (TryPick(Payments.Where(p => p.Method == PaymentMethods.Cash), out var p))
                    {
                        var view = await kit.Payment(p.Id).GetAsync();
                        await CollectAsync(view.Reference, view.Amount, PaymentTestKit.Op(), Pick(_channels));
                    }

                    break;
                }

                case "replay-collection":
                {
                    if (TryPick(_collections, out var c))
                    {
                        var replay = await CollectAsync(c.Reference, c.Amount, c.Op, c.Channel);
                        if (c.View is { } first)
                        {
                            Assert.Equal((first.Id, first.PaymentId, first.Amount), (replay.Id, replay.PaymentId, replay.Amount));
                        }
                    }

                    break;
                }

                case "second-collection":
                {
                    if (TryPick(_collections, out var c))
                    {
                        await CollectAsync(c.Reference, c.Amount, PaymentTestKit.Op(), Pick(_channels));
                    }

                    break;
                }

                case "bank-success":
                case "bank-failure":
                case "bank-wrong-amount":
                {
                    if (TryPick(Payments.Where(p => p.Method == PaymentMethods.VietQr), out var p))
                    {
                        var view = await kit.Payment(p.Id).GetAsync();
                        var command = new RecordGatewayOutcome(PaymentTestKit.Op(), PaymentTestKit.Bank, "bank",
                            operation == "bank-failure" ? GatewayOutcomeKinds.Failed : GatewayOutcomeKinds.Succeeded,
                            $"FT{Next(1_000_000)}", operation == "bank-wrong-amount" ? view.Amount + 1_000 : view.Amount,
                            fixture.Time.GetUtcNow());
                        var result = await kit.Payment(p.Id).RecordGatewayOutcomeAsync(command);
                        lock (_gate)
                        {
                            _notices.Add((command, p.Id, result.Disposition));
                        }
                    }

                    break;
                }

                case "bank-replay":
                {
                    if (TryPick(_notices, out var n))
                    {
                        var again = await kit.Payment(n.PaymentId).RecordGatewayOutcomeAsync(n.Command);
                        Assert.Equal(n.Disposition, again.Disposition);
                    }

                    break;
                }

                case "cancel":
                    if (TryPick(Payments, out var toCancel))
                    {
                        await kit.CancelAsync(toCancel.Id);
                    }

                    break;
                case "time-passes":
                    fixture.Time.Advance(TimeSpan.FromMinutes(Next(5, 60)));
                    break;
                case "expiry-tick":
                    if (TryPick(Payments, out var toExpire))
                    {
                        await kit.RunExpiryReminderAsync(toExpire.Id);
                    }

                    break;
                case "saga-tick":
                    if (TryPick(Payments, out var toTick))
                    {
                        await TickSagaAsync(toTick.Id);
                    }

                    break;
                case "refund":
                {
                    if (TryPick(Payments, out var p))
                    {
                        var view = await kit.Payment(p.Id).GetAsync();
                        var left = view.Amount - view.RefundedAmount;
                        // Mostly within what is left, sometimes beyond it (refused).
                        var amount = Next(4) == 0 ? left + 1_000 : Math.Max(1, left / Next(1, 4));
                        await kit.RefundAsync(p.Id, amount);
                    }

                    break;
                }

                case "top-up":
                    await TopUpAsync(Pick(_citizens), Next(1, 20) * 5_000L);
                    break;
                case "deactivate":
                    switch (Next(5))
                    {
                        case 0 when Payments.Count > 0:
                            await kit.DeactivateAsync(kit.Payment(Pick(Payments).Id));
                            break;
                        case 1:
                            await kit.DeactivateAsync(kit.Wallet(Pick(_citizens)));
                            break;
                        case 2:
                            await kit.DeactivateAsync(kit.Dossier(Pick(_dossiers).Code));
                            break;
                        case 3:
                            await kit.DeactivateAsync(fixture.Grains.GetGrain<ILedgerShardGrain>(Next(LedgerShards.Count)));
                            break;
                        default:
                            await kit.DeactivateAsync(fixture.Grains.GetGrain<IReceiptSeriesGrain>(ReceiptSeries.Key("SXD", 2026)));
                            break;
                    }

                    break;
                case "new-dossier":
                    await NewDossierAsync();
                    break;
                case "fault":
                    // The next saga step of this kind, by whichever payment reaches it, fails once.
                    fixture.Faults.ArmAny(Pick(Steps));
                    break;
                default:
                    throw new InvalidOperationException(operation);
            }
        }

        public async Task SettleAsync()
        {
            fixture.Faults.DisarmAll();
            fixture.Time.Advance(TimeSpan.FromHours(3));
            foreach (var payment in Payments)
            {
                await kit.RunExpiryReminderAsync(payment.Id);
                await kit.RunPaymentSagaReminderAsync(payment.Id);
            }

            foreach (var citizen in _citizens)
            {
                await kit.RunWalletReminderAsync(citizen);
            }
        }

        public async Task AssertInvariantsAsync(LedgerAuditView before, ITestOutputHelper output)
        {
            var views = new Dictionary<string, PaymentView>();
            foreach (var payment in Payments)
            {
                views[payment.Id] = await kit.Payment(payment.Id).GetAsync();
            }

            var statuses = views.Values.GroupBy(v => v.Status).ToDictionary(g => g.Key, g => g.Count());
            var duplicates = views.Values.Count(v => v.Saga.DossierOutcome == DossierOutcomes.Duplicate);
            output.WriteLine("final statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}"))
                + $"; duplicates refunded automatically: {duplicates}; dossiers {_dossiers.Count}");

            // 0. The run was not vacuous: it paid fees twice, and payments ended in most of the ways they can.
            Assert.True(duplicates > 0, "no fee was paid twice in this run");
            Assert.True(statuses.Count >= 5, "too few kinds of outcome: " + string.Join(", ", statuses.Keys));

            // 1. Every payment reached one final outcome, by moves the state machine allows, its saga finished.
            foreach (var view in views.Values)
            {
                Assert.True(PaymentStateMachine.IsSettled(view.Status), $"{view.Id} is still {view.Status}");
                Assert.True(view.Saga.Completed, $"{view.Id}: saga not finished {view.Saga}");
                var moves = view.History.Where(h => h.ToStatus is not null && h.FromStatus is not null).ToList();
                Assert.All(moves, h => Assert.Contains(PaymentStateMachine.Actions, a => PaymentStateMachine.Next(h.FromStatus!, a) == h.ToStatus));
                Assert.Equal(1, moves.Count(h => Settlements.Contains(h.ToStatus)));
                Assert.Equal(view.Status, view.History.Last(h => h.ToStatus is not null).ToStatus);
                Assert.InRange(view.RefundedAmount, 0, view.Amount);
                Assert.Equal(view.RefundedAmount, view.Refunds.Where(r => !r.Unapplied).Sum(r => r.Amount));
            }

            // 2. One fee paid once: per dossier, one payment's money applied; any other that took money refunded it in full, by itself.
            foreach (var (code, _) in _dossiers)
            {
                var dossier = await kit.Dossier(code).GetAsync();
                var received = Payments.Where(p => p.Dossier == code).Select(p => views[p.Id])
                    .Where(v => PaymentStatuses.MoneyReceived(v.Status)).ToList();
                var applied = received.Where(v => v.Saga.DossierOutcome == DossierOutcomes.Applied).ToList();
                Assert.True(applied.Count <= 1, $"dossier {code}: {applied.Count} payments applied");
                foreach (var fee in dossier.Fees)
                {
                    Assert.Equal(applied.SingleOrDefault()?.Id, fee.PaidByPaymentId);
                }

                foreach (var duplicate in received.Except(applied))
                {
                    Assert.Equal(DossierOutcomes.Duplicate, duplicate.Saga.DossierOutcome);
                    Assert.Equal(PaymentStatuses.Refunded, duplicate.Status);
                    var automatic = Assert.Single(duplicate.Refunds, r => r.Automatic && !r.Unapplied);
                    Assert.Equal(duplicate.Amount, automatic.Amount);
                    Assert.Null(duplicate.ReceiptNumber);
                }

                Assert.Equal(Payments.Where(p => p.Dossier == code).Select(p => p.Id).Order(),
                    dossier.Payments.Select(p => p.Id).Order());
            }

            // 3. The ledger balances, and every account this run touched holds what the payments say.
            var audit = await kit.AuditAsync();
            Assert.Equal(0, audit.Total);
            Assert.True(audit.Balanced);
            long Delta(string account) => audit.Accounts.GetValueOrDefault(account) - before.Accounts.GetValueOrDefault(account);
            var appliedViews = views.Values.Where(v => v.Saga.DossierOutcome == DossierOutcomes.Applied).ToList();
            Assert.Equal(-appliedViews.Sum(v => v.Amount - v.RefundedAmount), Delta("revenue:SXD:fee") + Delta("revenue:SXD:charge"));
            Assert.Equal(0, Delta(LedgerAccounts.WalletPayments));
            Assert.Equal(0, Delta(LedgerAccounts.RefundsPayable(LedgerAccounts.WalletPayee)));
            foreach (var channel in _channels)
            {
                var cash = views.Values.Where(v => v.Method == PaymentMethods.Cash && v.ChannelId == channel && PaymentStatuses.MoneyReceived(v.Status)).ToList();
                Assert.Equal(cash.Sum(v => v.Amount), Delta(LedgerAccounts.Clearing(channel)));
                Assert.Equal(-cash.Sum(v => v.RefundedAmount), Delta(LedgerAccounts.RefundsPayable(channel)));
                Assert.Equal(cash.Sum(v => v.Amount), (await fixture.Grains.GetGrain<IChannelGrain>(channel).GetAsync()).Position);
            }

            // A provider holds what it took for payments, and money no payment took, less what it paid back; what is
            // owed through it and not yet paid back is refunds payable.
            foreach (var provider in new[] { "bank", "viettelpay", "vnptpay" })
            {
                var taken = views.Values.Where(v => v.Provider == provider && PaymentStatuses.MoneyReceived(v.Status)).Sum(v => v.Amount);
                var refunds = views.Values.SelectMany(v => v.Refunds).Where(r => r.Payee == provider).ToList();
                var paidBack = refunds.Where(r => r.Payout == RefundPayouts.RefundedAtProvider).Sum(r => r.Amount);
                Assert.Equal(taken + refunds.Where(r => r.Unapplied).Sum(r => r.Amount) - paidBack, Delta(LedgerAccounts.Clearing(provider)));
                Assert.Equal(-(refunds.Sum(r => r.Amount) - paidBack), Delta(LedgerAccounts.RefundsPayable(provider)));
            }

            // 4. Wallets: never negative, nothing left held, what the payments and top-ups say, equal to their ledger accounts.
            foreach (var citizen in _citizens)
            {
                var wallet = await kit.Wallet(citizen).GetAsync();
                var paid = views.Values.Where(v => v.Method == PaymentMethods.Wallet && v.CitizenId == citizen
                    && PaymentStatuses.MoneyReceived(v.Status)).ToList();
                Assert.Equal(_topUps[citizen] - paid.Sum(v => v.Amount - v.RefundedAmount), wallet.Balance);
                Assert.Equal(0, wallet.Held);
                Assert.True(wallet.Balance >= 0);
                Assert.Equal(-wallet.Balance, audit.Accounts.GetValueOrDefault(LedgerAccounts.Wallet(citizen)));
                Assert.True(wallet.History.All(h => h.BalanceAfter >= 0 && h.HeldAfter >= 0 && h.HeldAfter <= h.BalanceAfter));
            }

            // 5. Receipts: one per applied payment, distinct, and the series has no gap.
            Assert.All(appliedViews, v => Assert.NotNull(v.ReceiptNumber));
            Assert.Equal(appliedViews.Count, appliedViews.Select(v => v.ReceiptNumber).Distinct().Count());
            var series = await fixture.Grains.GetGrain<IReceiptSeriesGrain>(ReceiptSeries.Key("SXD", 2026)).GetAsync();
            Assert.Equal(Enumerable.Range(1, (int)series.Issued).Select(i => (long)i), series.Receipts.Select(r => r.Sequence));
            Assert.All(appliedViews, v => Assert.Equal(v.ReceiptNumber, series.Receipts.Single(r => r.PaymentId == v.Id).Number));
        }

        private async Task<CollectionView> CollectAsync(string reference, long amount, string op, string channel)
        {
            var view = await fixture.Grains.GetGrain<IChannelGrain>(channel).RecordCollectionAsync(
                new RecordCollection(op, PaymentTestKit.Agent with { ChannelId = channel }, reference, amount, "BL-P"));
            lock (_gate)
            {
                if (!_collections.Exists(c => c.Op == op))
                {
                    _collections.Add((op, reference, amount, channel, view));
                }
            }

            return view;
        }

        private async Task TopUpAsync(string citizen, long amount)
        {
            if (amount > 0)
            {
                await kit.TopUpAsync(citizen, amount);
            }

            lock (_gate)
            {
                _topUps[citizen] = _topUps.GetValueOrDefault(citizen) + amount;
            }
        }

        private async Task TickSagaAsync(string paymentId)
        {
            try
            {
                await kit.RunPaymentSagaReminderAsync(paymentId);
            }
            catch (InjectedFaultException)
            {
                // An armed fault hit this tick; the next tick (or the settling pass) finishes it.
            }
        }

        /// <summary>The run's random numbers; bursts draw them from several threads.</summary>
        public int Next(int maxValue)
        {
            lock (_gate)
            {
                return _random.Next(maxValue);
            }
        }

        public int Next(int minValue, int maxValue)
        {
            lock (_gate)
            {
                return _random.Next(minValue, maxValue);
            }
        }

        private T Pick<T>(IReadOnlyList<T> items)
        {
            lock (_gate)
            {
                return items[_random.Next(items.Count)];
            }
        }

        private bool TryPick<T>(IEnumerable<T> items, out T picked)
        {
            lock (_gate)
            {
                var list = items.ToList();
                picked = list.Count == 0 ? default! : list[_random.Next(list.Count)];
                return list.Count > 0;
            }
        }
    }
}
