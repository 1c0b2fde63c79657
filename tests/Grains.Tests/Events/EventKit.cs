using MotCua.Grains.Interfaces.Channels;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Interfaces.Wallets;

namespace MotCua.Grains.Tests.Events;

/// <summary>Dossier and payment steps for the event tests, each test on its own agency and channel.</summary>
public sealed class EventKit(IGrainFactory grains)
{
    public static readonly Actor Portal = new(Roles.Portal, "kid-portal");

    public string Agency { get; } = "EV" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    public string Channel { get; } = "vnpost:EV-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    public Actor Officer => new(Roles.Officer, "kid-officer", AgencyCode: Agency);

    public Actor Agent => new(Roles.Agent, "kid-agent", ChannelId: Channel);

    public static string Op() => Guid.NewGuid().ToString("N");

    public IDossierGrain Dossier(string code) => grains.GetGrain<IDossierGrain>(code);

    public async Task<string> FileAsync(string? citizenId = null)
    {
        var code = $"E{Guid.NewGuid():N}"[..12].ToUpperInvariant() + "-260302-0001";
        await Dossier(code).FileAsync(new FileDossier(Op(), Portal, "SXD-XD-001", Agency, "HN-TTHCC",
            new Applicant(citizenId ?? "001089" + Random.Shared.Next(100000, 999999), "Nguyễn Văn An")));
        return code;
    }

    public Task<DossierView> ActAsync(string code, Func<IDossierGrain, DossierActionCommand, Task<DossierView>> action, string? reason = null) =>
        action(Dossier(code), new DossierActionCommand(Op(), Officer, reason));

    public Task<DossierView> RequestFeeAsync(string code, long amount) =>
        Dossier(code).RequestPaymentAsync(new RequestPaymentCommand(Op(), Officer, [new FeeItemRequest("charge", "Lệ phí", amount)]));

    public Task<PaymentView> CreatePaymentAsync(string code, string method)
    {
        var op = Op();
        return grains.GetGrain<IPaymentGrain>(PaymentIds.FromOperation(op)).CreateAsync(new CreatePayment(op, Portal, code, method));
    }

    public Task<CollectionView> CollectAsync(PaymentView payment) =>
        grains.GetGrain<IChannelGrain>(Channel).RecordCollectionAsync(
            new RecordCollection(Op(), Agent, payment.Reference, payment.Amount, "BL-" + payment.Reference));

    public Task<WalletView> TopUpAsync(string citizenId, long amount) =>
        grains.GetGrain<IWalletGrain>(citizenId).TopUpAsync(new TopUpWallet(Op(), Portal, amount));

    /// <summary>An agency's figures for a month as the API adds them up from the shards.</summary>
    public async Task<(int Received, int OnTime, int Late, Dictionary<string, int> ByStatus)> AgencyStatsAsync(string month)
    {
        var parts = await Task.WhenAll(Enumerable.Range(0, AgencyStatsShards.Count)
            .Select(s => grains.GetGrain<IAgencyStatsGrain>(AgencyStatsShards.Key(Agency, s)).GetAsync(month)));
        return (parts.Sum(p => p.Received), parts.Sum(p => p.OnTime), parts.Sum(p => p.Late),
            parts.SelectMany(p => p.ByStatus).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value)));
    }
}
