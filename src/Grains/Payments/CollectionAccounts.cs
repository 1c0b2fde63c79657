using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using MotCua.Gateways.VietQr;

namespace MotCua.Grains.Payments;

/// <summary>An agency's bank account for fees paid by VietQR transfer.</summary>
public sealed class CollectionAccount
{
    /// <summary>The bank's 6-digit NAPAS BIN.</summary>
    public string BankBin { get; set; } = "";

    /// <summary>The account number (letters and digits, at most 19).</summary>
    public string AccountNumber { get; set; } = "";
}

/// <summary>
/// The collection accounts of the agencies, from configuration <c>MotCua:CollectionAccounts:{agencyCode}</c> with
/// <c>BankBin</c> and <c>AccountNumber</c>. Each is checked at start by encoding a VietQR with it, so a typo stops
/// the silo instead of producing codes nobody can pay.
/// </summary>
/// <remarks>
/// Sandbox accounts: when <see cref="PaymentOptions.SandboxCollectionAccounts"/> is on (by default only in the
/// Development environment, i.e. the embedded default), an agency without a configured account gets
/// <c>SANDBOX{agency letters}</c> at BIN 970436. That account number cannot exist at a bank, so a code made with it can
/// be scanned and decoded but never moves real money. Outside Development, a <c>vietqr</c> payment for an agency
/// without a configured account is refused with <c>collection_account_missing</c>.
/// </remarks>
public sealed class CollectionAccounts
{
    public const string Section = "MotCua:CollectionAccounts";
    public const string SandboxBankBin = "970436";

    private readonly Dictionary<string, CollectionAccount> _configured;
    private readonly bool _sandbox;

    public CollectionAccounts(IReadOnlyDictionary<string, CollectionAccount> configured, bool sandbox)
    {
        _configured = new Dictionary<string, CollectionAccount>(StringComparer.Ordinal);
        foreach (var (agency, account) in configured)
        {
            try
            {
                VietQrCodec.Encode(new VietQrRequest(account.BankBin, account.AccountNumber, Amount: 1));
            }
            catch (VietQrException ex)
            {
                throw new InvalidOperationException(
                    $"{Section}:{agency} is not a usable collection account: {ex.Message}", ex);
            }

            _configured[agency] = account;
        }

        _sandbox = sandbox;
    }

    /// <summary>Reads <see cref="Section"/>; sandbox accounts as <paramref name="payments"/> says, else in Development only.</summary>
    public static CollectionAccounts FromConfiguration(IConfiguration configuration, PaymentOptions payments, IHostEnvironment? environment)
    {
        var configured = new Dictionary<string, CollectionAccount>(StringComparer.Ordinal);
        foreach (var child in configuration.GetSection(Section).GetChildren())
        {
            var account = new CollectionAccount();
            child.Bind(account);
            configured[child.Key] = account;
        }

        return new CollectionAccounts(configured, payments.SandboxCollectionAccounts ?? environment?.IsDevelopment() == true);
    }

    /// <summary>The agency's account, a sandbox one if allowed, or null.</summary>
    public CollectionAccount? Find(string agencyCode)
    {
        if (_configured.TryGetValue(agencyCode, out var account))
        {
            return account;
        }

        if (!_sandbox)
        {
            return null;
        }

        var number = "SANDBOX" + new string([.. agencyCode.Where(char.IsAsciiLetterOrDigit)]).ToUpperInvariant();
        return new CollectionAccount
        {
            BankBin = SandboxBankBin,
            AccountNumber = number.Length <= VietQrCodec.MaxAccountLength ? number : number[..VietQrCodec.MaxAccountLength],
        };
    }
}
