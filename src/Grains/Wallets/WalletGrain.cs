using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Interfaces.Wallets;

namespace MotCua.Grains.Wallets;

/// <summary>
/// A citizen's wallet. Every change of the balance is written together with its ledger entry (an outbox in the same
/// write), then the entry is posted to the ledger; a reminder posts whatever a crash left behind. Holds do not move
/// money and post nothing. Calls only the ledger.
/// </summary>
[GrainType("wallet")]
public sealed class WalletGrain(
    [MotCua.Grains.Events.OutboxState(StateNames.Wallet, StorageNames.Default)] IPersistentState<WalletState> store,
    IOptions<WalletOptions> options,
    TimeProvider time,
    ILogger<WalletGrain> logger) : Grain, IWalletGrain, IRemindable
{
    public const string OutboxReminder = "wallet-outbox";

    private WalletState State => store.State;

    private string CitizenId => this.GetPrimaryKeyString();

    private string Account => LedgerAccounts.Wallet(CitizenId);

    public async Task<WalletView> TopUpAsync(TopUpWallet command)
    {
        var entryId = $"{Account}:top-up:{command.OperationId}";
        if (await IsDoneAsync(command.OperationId, entryId, "top_up", command.Amount))
        {
            return View();
        }

        RequirePositive(command.Amount);
        var now = time.GetUtcNow();
        State.Balance = checked(State.Balance + command.Amount);
        State.Operations[command.OperationId] = new WalletOperationState { Type = "top_up", Amount = command.Amount, At = now };
        Record("wallet.topped_up", command.Amount, null, command.OperationId, now);
        await WriteWithEntryAsync(JournalEntry.Transfer(entryId, LedgerAccounts.TopUps, Account,
            command.Amount, now, $"top-up of the wallet of {CitizenId}"));
        logger.LogInformation("Wallet {CitizenId} topped up by {Amount} VND", CitizenId, command.Amount);
        return View();
    }

    public async Task<WalletView> GetAsync()
    {
        await FlushOutboxAsync();
        return View();
    }

    public async Task<WalletHoldView> HoldAsync(HoldWalletFunds command)
    {
        if (State.Holds.TryGetValue(command.PaymentId, out var existing))
        {
            if (existing.Status == WalletHoldStatuses.Held && existing.Amount != command.Amount)
            {
                throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.OperationConflict,
                    $"Payment {command.PaymentId} already holds {existing.Amount} VND of this wallet.");
            }

            return HoldView(command.PaymentId, existing);
        }

        RequirePositive(command.Amount);
        var available = State.Balance - State.Held;
        if (command.Amount > available)
        {
            throw new DomainException(DomainErrorKind.Conflict, PaymentErrorCodes.InsufficientFunds,
                $"The wallet has {available} VND available; {command.Amount} VND is needed.");
        }

        var now = time.GetUtcNow();
        var hold = new WalletHoldState { Amount = command.Amount, Status = WalletHoldStatuses.Held, At = now };
        State.Holds[command.PaymentId] = hold;
        State.Held = checked(State.Held + command.Amount);
        Record("wallet.held", command.Amount, command.PaymentId, null, now);
        await WriteAsync();
        return HoldView(command.PaymentId, hold);
    }

    public async Task<WalletHoldView> CaptureAsync(string paymentId)
    {
        if (!State.Holds.TryGetValue(paymentId, out var hold) || hold.Status == WalletHoldStatuses.Released)
        {
            throw new DomainException(DomainErrorKind.Conflict, PaymentErrorCodes.HoldNotFound,
                $"The wallet holds nothing for payment {paymentId}.");
        }

        if (hold.Status == WalletHoldStatuses.Captured)
        {
            await FlushOutboxAsync();
            return HoldView(paymentId, hold);
        }

        var now = time.GetUtcNow();
        hold.Status = WalletHoldStatuses.Captured;
        hold.At = now;
        State.Held -= hold.Amount;
        State.Balance -= hold.Amount;
        Record("wallet.captured", -hold.Amount, paymentId, null, now);
        await WriteWithEntryAsync(JournalEntry.Transfer($"{Account}:capture:{paymentId}", Account, LedgerAccounts.WalletPayments,
            hold.Amount, now, $"payment {paymentId} from the wallet of {CitizenId}"));
        return HoldView(paymentId, hold);
    }

    public async Task<WalletHoldView> ReleaseAsync(string paymentId)
    {
        var now = time.GetUtcNow();
        if (!State.Holds.TryGetValue(paymentId, out var hold))
        {
            // Remembered, so that a hold for this payment arriving late stays released.
            hold = new WalletHoldState { Amount = 0, Status = WalletHoldStatuses.Released, At = now };
            State.Holds[paymentId] = hold;
            await WriteAsync();
            return HoldView(paymentId, hold);
        }

        if (hold.Status != WalletHoldStatuses.Held)
        {
            return HoldView(paymentId, hold);
        }

        hold.Status = WalletHoldStatuses.Released;
        hold.At = now;
        State.Held -= hold.Amount;
        Record("wallet.released", hold.Amount, paymentId, null, now);
        await WriteAsync();
        return HoldView(paymentId, hold);
    }

    public async Task<WalletView> CreditRefundAsync(CreditWalletRefund command)
    {
        var entryId = $"{Account}:refund:{command.OperationId}";
        if (await IsDoneAsync(command.OperationId, entryId, "refund", command.Amount))
        {
            return View();
        }

        RequirePositive(command.Amount);
        var now = time.GetUtcNow();
        State.Balance = checked(State.Balance + command.Amount);
        State.Operations[command.OperationId] =
            new WalletOperationState { Type = "refund", Amount = command.Amount, PaymentId = command.PaymentId, At = now };
        Record("wallet.refunded", command.Amount, command.PaymentId, command.OperationId, now);
        await WriteWithEntryAsync(JournalEntry.Transfer(entryId,
            LedgerAccounts.RefundsPayable(LedgerAccounts.WalletPayee), Account, command.Amount, now,
            $"refund of payment {command.PaymentId} to the wallet of {CitizenId}"));
        logger.LogInformation("Wallet {CitizenId} credited {Amount} VND refunded from payment {PaymentId}",
            CitizenId, command.Amount, command.PaymentId);
        return View();
    }

    public async Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status)
    {
        if (reminderName != OutboxReminder)
        {
            return;
        }

        await FlushOutboxAsync();
        if (State.Outbox.Count == 0)
        {
            if (await this.GetReminder(OutboxReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            if (State.OutboxReminder)
            {
                State.OutboxReminder = false;
                await WriteAsync();
            }
        }
    }

    /// <summary>
    /// Whether the top-up or refund credit <paramref name="operationId"/> was applied already: from the state while it is
    /// kept there, else, once completed operations were dropped (<see cref="WalletRetention"/>), from its entry in the
    /// journal, one read. The same id with another kind or amount is a conflict.
    /// </summary>
    private async Task<bool> IsDoneAsync(string operationId, string entryId, string type, long amount)
    {
        if (State.Operations.TryGetValue(operationId, out var done))
        {
            EnsureSame(done, type, amount);
            await FlushOutboxAsync();
            return true;
        }

        if (!State.OperationsTrimmed)
        {
            return false;
        }

        var kinds = new[] { $"{Account}:top-up:{operationId}", $"{Account}:refund:{operationId}" };
        foreach (var id in kinds)
        {
            if (await GrainFactory.FindLedgerEntryAsync(id) is { } entry)
            {
                var credited = entry.Postings.Where(p => p.Account == Account).Sum(p => -p.Amount);
                EnsureSame(new WalletOperationState { Type = id == entryId ? type : "other", Amount = credited }, type, amount);
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes the change with its ledger entry in the outbox, then posts the outbox.</summary>
    private async Task WriteWithEntryAsync(JournalEntry entry)
    {
        State.Outbox.Add(entry);
        if (!State.OutboxReminder)
        {
            // Registered before the write: a crash after it still gets the entry posted. It removes itself when idle.
            await this.RegisterOrUpdateReminder(OutboxReminder, options.Value.OutboxRetryPeriod, options.Value.OutboxRetryPeriod);
            State.OutboxReminder = true;
        }

        await WriteAsync();
        await FlushOutboxAsync();
    }

    private async Task FlushOutboxAsync()
    {
        if (State.Outbox.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var entry in State.Outbox)
            {
                await GrainFactory.PostToLedgerAsync(entry);
            }
        }
        catch (Exception ex) when (ex is not DomainException)
        {
            // The answer stays a success: the money moved in the wallet, and the reminder posts the entry later.
            logger.LogWarning(ex, "Wallet {CitizenId}: {Count} ledger entries not yet posted; the reminder will retry",
                CitizenId, State.Outbox.Count);
            return;
        }

        State.Outbox.Clear();
        await WriteAsync();
    }

    private async Task WriteAsync()
    {
        if (State.Balance < 0 || State.Held < 0 || State.Held > State.Balance)
        {
            DeactivateOnIdle();
            throw new InvalidOperationException(
                $"Wallet {CitizenId} would be left with balance {State.Balance} and held {State.Held}; refused.");
        }

        // Events first: they are numbered from the history, which the trim then cuts to the view's window.
        MotCua.Grains.Events.SourceEvents.EmitWallet(State, CitizenId);
        WalletRetention.Trim(State, time.GetUtcNow(), options.Value.HistoryInView);
        try
        {
            await store.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private void Record(string type, long amount, string? paymentId, string? operationId, DateTimeOffset at)
    {
        // Rows written before LastSequence existed kept every movement: their last one carries the sequence.
        var sequence = Math.Max(State.LastSequence, State.History.Count == 0 ? 0 : State.History[^1].Sequence) + 1;
        State.LastSequence = sequence;
        State.History.Add(new WalletEntryState(sequence, type, at, amount, State.Balance, State.Held, paymentId, operationId));
    }

    private static void EnsureSame(WalletOperationState done, string type, long amount)
    {
        if (done.Type != type || done.Amount != amount)
        {
            throw new DomainException(DomainErrorKind.Conflict, ErrorCodes.OperationConflict,
                "This operation id was used for another wallet operation.");
        }
    }

    private static void RequirePositive(long amount)
    {
        if (amount <= 0)
        {
            throw DomainException.InvalidField("amount", "The amount must be a positive number of đồng.");
        }
    }

    private static WalletHoldView HoldView(string paymentId, WalletHoldState hold) =>
        new(paymentId, hold.Amount, hold.Status, hold.At.ToVietnam());

    private WalletView View() => new(
        CitizenId,
        State.Balance,
        State.Held,
        State.Balance - State.Held,
        [.. State.Holds.Where(h => h.Value.Status == WalletHoldStatuses.Held).Select(h => HoldView(h.Key, h.Value))],
        [.. State.History.TakeLast(options.Value.HistoryInView).Select(e => new WalletEntryView(e.Sequence, e.Type, e.At.ToVietnam(),
            e.Amount, e.BalanceAfter, e.HeldAfter, e.PaymentId))]);
}
