using MotCua.Grains.Interfaces.Channels;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Idempotency;
using MotCua.Grains.Interfaces.Payments;
using MotCua.Grains.Tests.Infrastructure;

namespace MotCua.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class FeePaidInCashTests(ClusterFixture fixture)
{
    private static readonly Actor Portal = new(Roles.Portal, "kid-portal");
    private static readonly Actor Officer = new(Roles.Officer, "kid-officer", AgencyCode: "SXD");
    private static readonly Actor Agent = new(Roles.Agent, "kid-agent", ChannelId: "vnpost:HN-0001");

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task ACashCollectionPaysTheFeeAndReturnsTheDossierToProcessing()
    {
        var (code, payment) = await DossierAwaitingCashAsync(75_000);

        var collection = await Grains.GetGrain<IChannelGrain>("vnpost:HN-0001")
            .RecordCollectionAsync(new RecordCollection(Op(), Agent, payment.Reference, 75_000, "BL-1"));

        Assert.Equal(PaymentStatuses.Succeeded, collection.PaymentStatus);
        var paid = await Grains.GetGrain<IPaymentGrain>(payment.Id).GetAsync();
        Assert.Equal(PaymentStatuses.Succeeded, paid.Status);
        Assert.Equal("vnpost:HN-0001", paid.ChannelId);
        var dossier = await Grains.GetGrain<IDossierGrain>(code).GetAsync();
        Assert.Equal("processing", dossier.Status);
        Assert.Equal(4, dossier.StatusCode);
        Assert.All(dossier.Fees, fee => Assert.Equal(payment.Id, fee.PaidByPaymentId));
        Assert.Equal(PaymentStatuses.Succeeded, Assert.Single(dossier.Payments).Status);
        Assert.Equal(
            ["dossier.submitted", "dossier.status_changed", "dossier.status_changed", "dossier.payment_created",
                "dossier.payment_succeeded", "dossier.status_changed"],
            dossier.History.Select(h => h.Type));
    }

    [Fact]
    public async Task ARetriedCollectionWithTheSameOperationIdCollectsOnce()
    {
        var (_, payment) = await DossierAwaitingCashAsync(50_000);
        var channel = Grains.GetGrain<IChannelGrain>("vnpost:RETRY-1");
        var before = await channel.GetAsync();
        var op = Op();

        var first = await channel.RecordCollectionAsync(new RecordCollection(op, Agent with { ChannelId = "vnpost:RETRY-1" }, payment.Reference, 50_000, "BL-2"));
        var second = await channel.RecordCollectionAsync(new RecordCollection(op, Agent with { ChannelId = "vnpost:RETRY-1" }, payment.Reference, 50_000, "BL-2"));

        Assert.Equal(first, second);
        var after = await channel.GetAsync();
        Assert.Equal(before.OpenWindow.Count + 1, after.OpenWindow.Count);
        Assert.Equal(before.Position + 50_000, after.Position);
    }

    [Fact]
    public async Task ASecondCollectionOfAPaidReferenceIsAnsweredWithTheFirstByItsChannelAndRefusedByAnother()
    {
        var (_, payment) = await DossierAwaitingCashAsync(20_000);
        var channel = Grains.GetGrain<IChannelGrain>("vnpost:TWICE-1");
        var agent = Agent with { ChannelId = "vnpost:TWICE-1" };
        var first = await channel.RecordCollectionAsync(new RecordCollection(Op(), agent, payment.Reference, 20_000, "BL-3"));

        // The agent's device retried under a new key (the receipt number edited): the same collection, no more cash.
        var again = await channel.RecordCollectionAsync(new RecordCollection(Op(), agent, payment.Reference, 20_000, "BL-4"));
        var refused = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IChannelGrain>("vnpost:TWICE-2")
            .RecordCollectionAsync(new RecordCollection(Op(), Agent with { ChannelId = "vnpost:TWICE-2" }, payment.Reference, 20_000, "BL-5")));

        Assert.Equal(first, again);
        Assert.Equal(ErrorCodes.PaymentNotCollectable, refused.Code);
        Assert.Equal(20_000, (await channel.GetAsync()).Position);
        Assert.Equal(0, (await Grains.GetGrain<IChannelGrain>("vnpost:TWICE-2").GetAsync()).Position);
    }

    [Fact]
    public async Task ACollectionAboveTheFloatLimitIsRefused()
    {
        var (_, payment) = await DossierAwaitingCashAsync(50_000_001);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IChannelGrain>("vnpost:FLOAT-1")
            .RecordCollectionAsync(new RecordCollection(Op(), Agent with { ChannelId = "vnpost:FLOAT-1" }, payment.Reference, 50_000_001, "BL-5")));

        Assert.Equal(ErrorCodes.FloatLimitExceeded, refused.Code);
        Assert.Equal(PaymentStatuses.Pending, (await Grains.GetGrain<IPaymentGrain>(payment.Id).GetAsync()).Status);
    }

    [Fact]
    public async Task AWrongAmountIsRefusedWithTheAmountDue()
    {
        var (_, payment) = await DossierAwaitingCashAsync(30_000);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IChannelGrain>("vnpost:HN-0001")
            .RecordCollectionAsync(new RecordCollection(Op(), Agent, payment.Reference, 3_000, "BL-6")));

        Assert.Equal(DomainErrorKind.Invalid, refused.Kind);
        Assert.Equal("amount", refused.Field);
        Assert.Contains("30000", refused.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APendingPaymentPastItsLifetimeCannotBeCollected()
    {
        var (_, payment) = await DossierAwaitingCashAsync(10_000);
        fixture.Time.Advance(TimeSpan.FromMinutes(91));

        var refused = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IChannelGrain>("vnpost:HN-0001")
            .RecordCollectionAsync(new RecordCollection(Op(), Agent, payment.Reference, 10_000, "BL-7")));

        Assert.Equal(ErrorCodes.PaymentNotCollectable, refused.Code);
        Assert.Equal(PaymentStatuses.Expired, (await Grains.GetGrain<IPaymentGrain>(payment.Id).GetAsync()).Status);
    }

    [Fact]
    public async Task ARetriedPaymentCreationReturnsTheSamePayment()
    {
        var code = await AcceptedDossierWithFeeAsync(40_000);
        var op = Op();
        var id = PaymentIds.FromOperation(op);

        var first = await Grains.GetGrain<IPaymentGrain>(id).CreateAsync(new CreatePayment(op, Portal, code, PaymentMethods.Cash));
        var second = await Grains.GetGrain<IPaymentGrain>(id).CreateAsync(new CreatePayment(op, Portal, code, PaymentMethods.Cash));

        Assert.Equal(first.Reference, second.Reference);
        Assert.Single((await Grains.GetGrain<IDossierGrain>(code).GetAsync()).Payments);
    }

    [Fact]
    public async Task AFilingRetriedWithTheSameOperationGetsTheSameNumber()
    {
        var counter = Grains.GetGrain<IDossierCounterGrain>($"RETRY-{Guid.NewGuid():N}"[..20]);
        var op = Op();

        var first = await counter.AllocateAsync(op);
        var other = await counter.AllocateAsync(Op());
        var again = await counter.AllocateAsync(op);

        Assert.Equal(1, first);
        Assert.Equal(2, other);
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task AForbiddenTransitionNamesTheStatusAndTheAllowedActions()
    {
        var code = await FileAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            Grains.GetGrain<IDossierGrain>(code).CompleteAsync(new DossierActionCommand(Op(), Officer)));

        Assert.Equal(ErrorCodes.InvalidTransition, refused.Code);
        Assert.Equal("submitted", refused.CurrentStatus);
        Assert.Equal(["accept", "refuse", "withdraw"], refused.AllowedActions);
    }

    [Fact]
    public async Task AnOfficerOfAnotherAgencyCannotActOnTheDossier()
    {
        var code = await FileAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() => Grains.GetGrain<IDossierGrain>(code)
            .AcceptAsync(new DossierActionCommand(Op(), Officer with { AgencyCode = "STP" })));

        Assert.Equal(DomainErrorKind.Forbidden, refused.Kind);
        Assert.Equal("submitted", (await Grains.GetGrain<IDossierGrain>(code).GetAsync()).Status);
    }

    [Fact]
    public async Task AcceptSetsTheDueDateFromTheProceduresWorkingDays()
    {
        var code = await FileAsync();

        var accepted = await Grains.GetGrain<IDossierGrain>(code).AcceptAsync(new DossierActionCommand(Op(), Officer));

        // SXD-XD-001 takes 15 working days; accepted at the clock's current time.
        var clock = new Calendar.WorkingDayClock(Calendar.HolidayCalendar.LoadEmbedded());
        Assert.Equal(clock.AddWorkingDays(fixture.Time.GetUtcNow(), 15), accepted.DueAt);
        Assert.Equal(TimeSpan.FromHours(7), accepted.DueAt!.Value.Offset);
    }

    [Fact]
    public async Task TheIdempotencyRecordReplaysRefusesAnotherBodyAndReportsARunningAttempt()
    {
        var grain = Grains.GetGrain<IIdempotencyGrain>($"kid:{Guid.NewGuid()}");

        var first = await grain.BeginAsync("fp-1");
        var running = await grain.BeginAsync("fp-1");
        var other = await grain.BeginAsync("fp-2");
        await grain.CompleteAsync(first.Attempt, new StoredResponse(201, "application/json", [1, 2, 3], "/v1/x"));
        var replay = await grain.BeginAsync("fp-1");

        Assert.Equal(IdempotencyDecision.Proceed, first.Decision);
        Assert.Equal(IdempotencyDecision.InProgress, running.Decision);
        Assert.Equal(IdempotencyDecision.Mismatch, other.Decision);
        Assert.Equal(IdempotencyDecision.Replay, replay.Decision);
        Assert.Equal([1, 2, 3], replay.Response!.Body);
    }

    [Fact]
    public async Task AnIdempotencyAnswerOutlivesItsActivationInTheAnswersTable()
    {
        var grain = Grains.GetGrain<IIdempotencyGrain>($"kid:{Guid.NewGuid()}");
        var first = await grain.BeginAsync("fp-1");
        await grain.CompleteAsync(first.Attempt, new StoredResponse(409, "application/problem+json", [7], null));

        await fixture.Cluster.DeactivateAsync(grain);
        var replay = await grain.BeginAsync("fp-1");
        var other = await grain.BeginAsync("fp-2");

        Assert.Equal((IdempotencyDecision.Replay, 409), (replay.Decision, replay.Response!.StatusCode));
        Assert.Equal([7], replay.Response.Body);
        Assert.Equal(IdempotencyDecision.Mismatch, other.Decision);
    }

    private static string Op() => Guid.NewGuid().ToString("N");

    private async Task<string> FileAsync()
    {
        var code = $"TEST-{Guid.NewGuid():N}"[..16].ToUpperInvariant() + "-260302-0001";
        await Grains.GetGrain<IDossierGrain>(code).FileAsync(new FileDossier(Op(), Portal, "SXD-XD-001", "SXD", "HN-TTHCC",
            new Applicant("001089001234", "Nguyễn Văn An")));
        return code;
    }

    private async Task<string> AcceptedDossierWithFeeAsync(long amount)
    {
        var code = await FileAsync();
        var dossier = Grains.GetGrain<IDossierGrain>(code);
        await dossier.AcceptAsync(new DossierActionCommand(Op(), Officer));
        await dossier.RequestPaymentAsync(new RequestPaymentCommand(Op(), Officer, [new FeeItemRequest("charge", "Lệ phí", amount)]));
        return code;
    }

    private async Task<(string Code, PaymentView Payment)> DossierAwaitingCashAsync(long amount)
    {
        var code = await AcceptedDossierWithFeeAsync(amount);
        var op = Op();
        var payment = await Grains.GetGrain<IPaymentGrain>(PaymentIds.FromOperation(op))
            .CreateAsync(new CreatePayment(op, Portal, code, PaymentMethods.Cash));
        return (code, payment);
    }
}
