namespace MotCua.Grains.Wallets;

/// <summary>Wallet settings (configuration section <c>MotCua:Wallets</c>).</summary>
public sealed class WalletOptions
{
    public const string Section = "MotCua:Wallets";

    /// <summary>How often a wallet retries posting ledger entries that a crash or an error left in its outbox.</summary>
    public TimeSpan OutboxRetryPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many of the latest movements the wallet view shows.</summary>
    public int HistoryInView { get; set; } = 50;
}
