using MotCua.Grains.Dossiers;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Tests;

/// <summary>Builds dossiers in a given status and applies any action to them, for the dossier tests.</summary>
internal static class DossierScenarios
{
    /// <summary>A one-working-day procedure (birth registration at a commune), so an apology is possible from acceptance.</summary>
    public const string OneDayProcedure = "UBND-X-HT-001";
    public const string OneDayAgency = "UBND-X";

    /// <summary>A fifteen-working-day procedure (construction permit).</summary>
    public const string FifteenDayProcedure = "SXD-XD-001";
    public const string FifteenDayAgency = "SXD";

    public static readonly Actor Portal = new(Roles.Portal, "kid-portal");

    public static Actor OfficerOf(string agency) => new(Roles.Officer, $"kid-officer-{agency.ToLowerInvariant()}", AgencyCode: agency);

    public static string Op() => Guid.NewGuid().ToString("N");

    public static string NewCode() => $"T{Guid.NewGuid():N}"[..12].ToUpperInvariant() + "-260302-0001";

    public static async Task<IDossierGrain> FileAsync(IGrainFactory grains, string procedure = OneDayProcedure,
        string agency = OneDayAgency, string centre = "HN-TTHCC")
    {
        var dossier = grains.GetGrain<IDossierGrain>(NewCode());
        await dossier.FileAsync(new FileDossier(Op(), Portal, procedure, agency, centre, new Applicant("001089001234", "Nguyễn Văn An")));
        return dossier;
    }

    /// <summary>The shortest way from submitted to each status, written out by hand.</summary>
    public static IReadOnlyList<DossierAction> PathTo(DossierStatus status) => status switch
    {
        DossierStatus.Submitted => [],
        DossierStatus.Accepted => [DossierAction.Accept],
        DossierStatus.Refused => [DossierAction.Refuse],
        DossierStatus.Processing => [DossierAction.Accept, DossierAction.Process],
        DossierStatus.SupplementRequested => [DossierAction.Accept, DossierAction.Process, DossierAction.RequestSupplement],
        DossierStatus.PaymentRequested => [DossierAction.Accept, DossierAction.Process, DossierAction.RequestPayment],
        DossierStatus.Withdrawn => [DossierAction.Withdraw],
        DossierStatus.Stopped => [DossierAction.Accept, DossierAction.Process, DossierAction.Stop],
        DossierStatus.Processed => [DossierAction.Accept, DossierAction.Process, DossierAction.Complete],
        DossierStatus.Returned => [DossierAction.Accept, DossierAction.Process, DossierAction.Complete, DossierAction.Return],
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No path written for this status."),
    };

    public static async Task<IDossierGrain> InStatusAsync(IGrainFactory grains, DossierStatus status, TimeProvider clock)
    {
        var dossier = await FileAsync(grains);
        foreach (var action in PathTo(status))
        {
            await ApplyAsync(dossier, action, OfficerOf(OneDayAgency), clock);
        }

        Assert.Equal(status.ToApiName(), (await dossier.GetAsync()).Status);
        return dossier;
    }

    /// <summary>
    /// Applies <paramref name="action"/> the way its caller would, with valid input; <see cref="DossierAction.FeesPaid"/> is
    /// a payment registering with the dossier and succeeding. Returns the dossier afterwards.
    /// </summary>
    public static async Task<DossierView> ApplyAsync(IDossierGrain dossier, DossierAction action, Actor officer, TimeProvider clock)
    {
        DossierActionCommand Officer(string? reason = null) => new(Op(), officer, reason);
        DossierActionCommand Applicant() => new(Op(), Portal);
        return action switch
        {
            DossierAction.Accept => await dossier.AcceptAsync(Officer()),
            DossierAction.Refuse => await dossier.RefuseAsync(Officer("Hồ sơ không thuộc thẩm quyền")),
            DossierAction.Process => await dossier.ProcessAsync(Officer()),
            DossierAction.RequestSupplement => await dossier.RequestSupplementAsync(Officer("Thiếu bản vẽ mặt bằng")),
            DossierAction.Supplement => await dossier.SupplementAsync(Applicant()),
            DossierAction.RequestPayment => await dossier.RequestPaymentAsync(new RequestPaymentCommand(Op(), officer,
                [new FeeItemRequest("charge", "Lệ phí", 50_000)])),
            DossierAction.Withdraw => await dossier.WithdrawAsync(Applicant()),
            DossierAction.Stop => await dossier.StopAsync(Officer("Người nộp đề nghị dừng")),
            DossierAction.Complete => await dossier.CompleteAsync(Officer()),
            DossierAction.Return => await dossier.ReturnAsync(Officer()),
            DossierAction.FeesPaid => await PayAsync(dossier, clock),
            DossierAction.Apologize => await dossier.ApologizeAsync(new ApologizeCommand(Op(), officer,
                await NewDueDateAsync(dossier, clock), "Cần xin ý kiến cơ quan liên quan")),
            DossierAction.Rate => await dossier.RateAsync(new RateDossierCommand(Op(), Portal, 5, "Nhanh gọn")),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "The tests do not know this action yet."),
        };
    }

    /// <summary>A week after the later of now and the current due date: always an acceptable new due date.</summary>
    public static async Task<DateTimeOffset> NewDueDateAsync(IDossierGrain dossier, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var due = (await dossier.GetAsync()).DueAt;
        return (due > now ? due.Value : now) + TimeSpan.FromDays(7);
    }

    private static async Task<DossierView> PayAsync(IDossierGrain dossier, TimeProvider clock)
    {
        var paymentId = $"pay-{Op()}";
        var terms = await dossier.RegisterPaymentAsync(new RegisterPayment(paymentId, PaymentMethods.Cash, clock.GetUtcNow()));
        await dossier.RecordPaymentSucceededAsync(new RecordPaymentSucceeded(paymentId, terms.Amount, terms.FeeItemIds, clock.GetUtcNow()));
        return await dossier.GetAsync();
    }
}
