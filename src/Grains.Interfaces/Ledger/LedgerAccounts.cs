namespace MotCua.Grains.Interfaces.Ledger;

/// <summary>
/// The ledger's account names. Sign convention: balances are debits minus credits, so assets (money MotCua holds
/// somewhere) are positive and liabilities and revenue (money MotCua owes or has earned) are negative.
/// </summary>
public static class LedgerAccounts
{
    /// <summary>Money received for wallet top-ups through <c>POST /v1/wallets/{id}/top-ups</c>, not matched to a settlement (asset).</summary>
    public const string TopUps = "clearing:top-ups";

    /// <summary>Money captured from wallets for payments, on its way to revenue or to refunds (clears to 0).</summary>
    public const string WalletPayments = "clearing:wallet-payments";

    /// <summary>The payee of refunds credited back to wallets.</summary>
    public const string WalletPayee = "wallet";

    /// <summary>What MotCua owes a citizen in the wallet (liability: a wallet with 100,000 VND is −100,000).</summary>
    public static string Wallet(string citizenId) => $"wallet:{citizenId}";

    /// <summary>
    /// Money a channel holds for MotCua: a cash agent's collections (<c>clearing:vnpost:HN-0001</c>), or a gateway's
    /// (<c>clearing:bank</c>, <c>clearing:viettelpay</c>, <c>clearing:vnptpay</c>). Channel ids always hold a colon and
    /// provider names never do, so the two cannot meet.
    /// </summary>
    public static string Clearing(string channelOrProvider) => $"clearing:{channelOrProvider}";

    /// <summary>An agency's earned fees (<c>kind</c> = <c>fee</c>, phí) or charges (<c>charge</c>, lệ phí).</summary>
    public static string Revenue(string agencyCode, string kind) => $"revenue:{agencyCode}:{kind}";

    /// <summary>
    /// Refunds owed to citizens and not yet paid out, by who pays them: a channel id, a gateway provider, or
    /// <see cref="WalletPayee"/> (paid out at once by crediting the wallet, so it clears to 0).
    /// </summary>
    public static string RefundsPayable(string payee) => $"refunds-payable:{payee}";

    /// <summary>The state treasury's collection account, where agents remit the cash they collected.</summary>
    public const string Treasury = "treasury";

    /// <summary>
    /// Money a reconciliation found at a provider but not in MotCua, or the reverse, held apart until it is explained
    /// (paid back, applied, or written off by an operator).
    /// </summary>
    public static string Suspense(string provider) => $"suspense:{provider}";
}
