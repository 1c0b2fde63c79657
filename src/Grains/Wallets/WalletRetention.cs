using MotCua.Grains.Interfaces.Wallets;

namespace MotCua.Grains.Wallets;

/// <summary>
/// What a wallet's state keeps, so that it stays the same size however long the citizen uses it (issue 16). The full
/// record of every movement is the ledger journal (account <c>wallet:{citizenId}</c>); the state keeps:
/// <list type="bullet">
/// <item>the latest <c>historyWindow</c> movements, which the wallet view shows;</item>
/// <item>holds while they hold, and for <see cref="Settled"/> after they were captured or released, so a late call for
/// the same payment still finds them (a payment's own steps end within hours of its creation);</item>
/// <item>top-ups and refund credits by operation id for <see cref="Settled"/> after they were made, and only once their
/// ledger entries are posted: a retry older than that is recognised by its entry in the journal instead
/// (<see cref="WalletState.OperationsTrimmed"/> tells the wallet to look there).</item>
/// </list>
/// </summary>
public static class WalletRetention
{
    /// <summary>How long settled holds and completed operations stay in the state.</summary>
    public static readonly TimeSpan Settled = TimeSpan.FromDays(30);

    /// <summary>Drops what <paramref name="state"/> no longer needs at <paramref name="now"/>.</summary>
    public static void Trim(WalletState state, DateTimeOffset now, int historyWindow)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(historyWindow);
        if (state.History.Count > historyWindow)
        {
            state.History.RemoveRange(0, state.History.Count - historyWindow);
        }

        foreach (var (paymentId, _) in state.Holds.Where(h => h.Value.Status != WalletHoldStatuses.Held && now - h.Value.At > Settled).ToList())
        {
            state.Holds.Remove(paymentId);
        }

        // An entry still in the outbox is not in the journal yet: until it is, its operation must answer a retry itself.
        if (state.Outbox.Count > 0)
        {
            return;
        }

        foreach (var (operationId, _) in state.Operations.Where(o => now - o.Value.At > Settled).ToList())
        {
            state.Operations.Remove(operationId);
            state.OperationsTrimmed = true;
        }
    }
}
