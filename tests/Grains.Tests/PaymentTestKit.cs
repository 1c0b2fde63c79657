using MotCua.Grains.Interfaces.Channels;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Interfaces.Wallets;
using MotCua.Grains.Payments;
using MotCua.Grains.Wallets;
using Orleans.Runtime;

namespace MotCua.Grains.Tests;

/// <summary>The steps the payment tests share: dossiers waiting for fees, payments, collections, reminders.</summary>
public sealed class PaymentTestKit(PaymentClusterFixture fixture)
{
    public static readonly Actor Portal = new(Roles.Portal, "kid-portal");
    public static readonly Actor Officer = new(Roles.Officer, "kid-officer", AgencyCode: "SXD");
    public static readonly Actor Operator = new(Roles.Operator, "kid-operator");
    public static readonly Actor Bank = new(Roles.System, "gateway-bank");
    public const string Channel = "vnpost:PAY-0001";
    public static readonly Actor Agent = new(Roles.Agent, "kid-agent", ChannelId: Channel);

    private static int _citizens;

    public IGrainFactory Grains => fixture.Grains;

    public static string Op() => Guid.NewGuid().ToString("N");

    /// <summary>A citizen id no other test uses (12 digits).</summary>
    public static string NewCitizen() =>
        "09" + (Interlocked.Increment(ref _citizens) + Random.Shared.Next(0, 1_000_000) * 1000L).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);

    public IPaymentGrain Payment(string id) => Grains.GetGrain<IPaymentGrain>(id);

    public IWalletGrain Wallet(string citizenId) => Grains.GetGrain<IWalletGrain>(citizenId);

    public IDossierGrain Dossier(string code) => Grains.GetGrain<IDossierGrain>(code);

    /// <summary>A dossier of agency SXD, accepted, asking for <paramref name="fees"/> (kind, amount).</summary>
    public Task<string> DossierAwaitingFeesAsync(string citizenId, params (string Kind, long Amount)[] fees) =>
        DossierOfAgencyAwaitingFeesAsync("SXD-XD-001", "SXD", citizenId, fees);

    /// <summary>A dossier of <paramref name="agency"/>, accepted, asking for <paramref name="fees"/> (kind, amount).</summary>
    public async Task<string> DossierOfAgencyAwaitingFeesAsync(string procedure, string agency, string citizenId,
        params (string Kind, long Amount)[] fees)
    {
        var code = $"P{Guid.NewGuid():N}"[..12].ToUpperInvariant() + "-260302-0001";
        var dossier = Dossier(code);
        var officer = Officer with { AgencyCode = agency };
        await dossier.FileAsync(new FileDossier(Op(), Portal, procedure, agency, "HN-TTHCC", new Applicant(citizenId, "Nguyễn Văn An")));
        await dossier.AcceptAsync(new DossierActionCommand(Op(), officer));
        await dossier.RequestPaymentAsync(new RequestPaymentCommand(Op(), officer,
            [.. fees.Select((f, i) => new FeeItemRequest(f.Kind, f.Kind == "fee" ? $"Phí thẩm định {i + 1}" : $"Lệ phí cấp giấy phép xây dựng {i + 1}", f.Amount))]));
        return code;
    }

    public Task<PaymentView> CreateAsync(string dossierCode, string method, string? operationId = null)
    {
        var op = operationId ?? Op();
        return Payment(PaymentIds.FromOperation(op)).CreateAsync(new CreatePayment(op, Portal, dossierCode, method));
    }

    public Task<CollectionView> CollectAsync(PaymentView payment, string? operationId = null, string channel = Channel) =>
        Grains.GetGrain<IChannelGrain>(channel).RecordCollectionAsync(
            new RecordCollection(operationId ?? Op(), Agent with { ChannelId = channel }, payment.Reference, payment.Amount, "BL-1"));

    public Task<GatewayOutcomeResult> BankSaysAsync(PaymentView payment, string outcome, long? amount = null,
        string? notificationId = null, string? transaction = null) =>
        Payment(payment.Id).RecordGatewayOutcomeAsync(new RecordGatewayOutcome(notificationId ?? Op(), Bank, "bank", outcome,
            transaction ?? $"FT{payment.Reference}", amount ?? payment.Amount, fixture.Time.GetUtcNow()));

    public Task<PaymentView> RefundAsync(string paymentId, long amount, string? operationId = null, string reason = "đã nộp nhầm") =>
        Payment(paymentId).RefundAsync(new RefundPayment(operationId ?? Op(), Operator, amount, reason));

    public Task<PaymentView> CancelAsync(string paymentId, string? operationId = null) =>
        Payment(paymentId).CancelAsync(new CancelPayment(operationId ?? Op(), Portal));

    public Task<WalletView> TopUpAsync(string citizenId, long amount, string? operationId = null) =>
        Wallet(citizenId).TopUpAsync(new TopUpWallet(operationId ?? Op(), Portal, amount));

    /// <summary>Delivers a reminder tick now, as the reminder service would.</summary>
    public Task RemindAsync(IAddressable grain, string reminderName)
    {
        var now = fixture.Time.GetUtcNow().UtcDateTime;
        return grain.AsReference<IRemindable>().ReceiveReminder(reminderName, new TickStatus(now, TimeSpan.FromMinutes(1), now));
    }

    public Task RunPaymentSagaReminderAsync(string paymentId) => RemindAsync(Payment(paymentId), PaymentGrain.SagaReminder);

    public Task RunExpiryReminderAsync(string paymentId) => RemindAsync(Payment(paymentId), PaymentGrain.ExpiryReminder);

    public Task RunWalletReminderAsync(string citizenId) => RemindAsync(Wallet(citizenId), WalletGrain.OutboxReminder);

    /// <summary>Drops the grain's activation, as a crash would; its next call starts from storage.</summary>
    public Task DeactivateAsync(IAddressable grain) => fixture.Cluster.DeactivateAsync(grain);

    public Task<LedgerAuditView> AuditAsync() => Grains.GetGrain<ILedgerAuditGrain>(0).AuditAsync();

    public Task<long> BalanceAsync(string account) => Grains.GetGrain<ILedgerAuditGrain>(0).GetBalanceAsync(account);

    public Task<JournalEntry?> EntryAsync(string entryId) =>
        Grains.GetGrain<ILedgerShardGrain>(LedgerShards.Of(entryId)).FindAsync(entryId);
}
