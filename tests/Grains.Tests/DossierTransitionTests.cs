using MotCua.Grains.Dossiers;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using static MotCua.Grains.Interfaces.Dossiers.DossierStatus;
using static MotCua.Grains.Dossiers.DossierAction;

namespace MotCua.Grains.Tests;

/// <summary>
/// The lifecycle checked against an expectation written here, independently of <see cref="DossierStateMachine"/>'s
/// table: every (status, action) pair that the enums generate, on the table and on real grains.
/// </summary>
[Collection(DossierClusterCollection.Name)]
public sealed class DossierTransitionTests(DossierClusterFixture fixture)
{
    /// <summary>The lifecycle of the API contract, by hand. Anything not listed must be refused.</summary>
    internal static readonly IReadOnlyDictionary<(DossierStatus From, DossierAction Action), DossierStatus> Lifecycle =
        new Dictionary<(DossierStatus, DossierAction), DossierStatus>
        {
            [(Submitted, Accept)] = Accepted,
            [(Submitted, Refuse)] = Refused,
            [(Submitted, Withdraw)] = Withdrawn,
            [(Accepted, Process)] = Processing,
            [(Accepted, RequestSupplement)] = SupplementRequested,
            [(Accepted, RequestPayment)] = PaymentRequested,
            [(Accepted, Withdraw)] = Withdrawn,
            [(Accepted, Apologize)] = Accepted,
            [(Processing, RequestSupplement)] = SupplementRequested,
            [(Processing, RequestPayment)] = PaymentRequested,
            [(Processing, Withdraw)] = Withdrawn,
            [(Processing, Stop)] = Stopped,
            [(Processing, Complete)] = Processed,
            [(Processing, Apologize)] = Processing,
            [(SupplementRequested, Supplement)] = Processing,
            [(SupplementRequested, Withdraw)] = Withdrawn,
            [(PaymentRequested, FeesPaid)] = Processing,
            [(PaymentRequested, Withdraw)] = Withdrawn,
            [(Processed, Return)] = Returned,
            [(Returned, Rate)] = Returned,
        };

    /// <summary>The route names of the API contract, by hand.</summary>
    internal static readonly IReadOnlyDictionary<DossierAction, string> RouteNames = new Dictionary<DossierAction, string>
    {
        [Accept] = "accept", [Refuse] = "refuse", [Process] = "process", [RequestSupplement] = "request-supplement",
        [Supplement] = "supplement", [RequestPayment] = "request-payment", [Withdraw] = "withdraw", [Stop] = "stop",
        [Complete] = "complete", [Return] = "return", [Apologize] = "apologize", [Rate] = "rating",
    };

    public static TheoryData<DossierStatus> Statuses() => [.. Enum.GetValues<DossierStatus>()];

    [Fact]
    public void TheTransitionTableAgreesWithTheLifecycleForEveryStatusAndAction()
    {
        foreach (var status in Enum.GetValues<DossierStatus>())
        {
            foreach (var action in Enum.GetValues<DossierAction>())
            {
                DossierStatus? expected = Lifecycle.TryGetValue((status, action), out var to) ? to : null;
                Assert.True(expected == DossierStateMachine.Next(status, action),
                    $"{status} + {action}: expected {expected?.ToString() ?? "refused"}, the table says "
                    + $"{DossierStateMachine.Next(status, action)?.ToString() ?? "refused"}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task EveryActionFromThisStatusIsAppliedAsTheLifecycleSaysOrRefusedWith409(DossierStatus status)
    {
        var officer = DossierScenarios.OfficerOf(DossierScenarios.OneDayAgency);
        var allowedHere = RouteNames.Keys.Where(a => Lifecycle.ContainsKey((status, a))).Select(a => RouteNames[a]).ToList();
        foreach (var action in Enum.GetValues<DossierAction>())
        {
            var dossier = await DossierScenarios.InStatusAsync(fixture.Grains, status, fixture.Clock);
            var before = await dossier.GetAsync();
            // A fresh dossier of a one-day procedure: fees paid, due within a working day, not yet rated, so no guard
            // other than the status stands in the way.
            Assert.Equal(allowedHere, before.AllowedActions);

            if (Lifecycle.TryGetValue((status, action), out var expected))
            {
                var after = await DossierScenarios.ApplyAsync(dossier, action, officer, fixture.Clock);
                Assert.Equal(expected.ToApiName(), after.Status);
                Assert.Equal((int)expected, after.StatusCode);
            }
            else
            {
                var refused = await Assert.ThrowsAsync<DomainException>(() =>
                    DossierScenarios.ApplyAsync(dossier, action, officer, fixture.Clock));
                Assert.Equal(DomainErrorKind.Conflict, refused.Kind);
                if (action != FeesPaid)
                {
                    // A succeeded payment outside payment_requested is refused by the payment terms (nothing_to_pay).
                    Assert.Equal(ErrorCodes.InvalidTransition, refused.Code);
                    Assert.Equal(status.ToApiName(), refused.CurrentStatus);
                    Assert.Equal(allowedHere, refused.AllowedActions);
                }

                var unchanged = await dossier.GetAsync();
                Assert.Equal(before.Status, unchanged.Status);
                Assert.Equal(before.History.Count, unchanged.History.Count);
            }
        }
    }

    [Fact]
    public async Task EveryStatusChangeRecordsWhoWhenAndWhy()
    {
        var officer = DossierScenarios.OfficerOf(DossierScenarios.OneDayAgency);
        var dossier = await DossierScenarios.FileAsync(fixture.Grains);
        await DossierScenarios.ApplyAsync(dossier, Accept, officer, fixture.Clock);
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        await DossierScenarios.ApplyAsync(dossier, RequestSupplement, officer, fixture.Clock);

        var view = await dossier.GetAsync();

        var filed = view.History[0];
        Assert.Equal(("dossier.submitted", "portal", "kid-portal"), (filed.Type, filed.ActorRole, filed.ActorKeyId));
        var accepted = view.History[1];
        Assert.Equal(("submitted", "accepted"), (accepted.FromStatus, accepted.ToStatus));
        Assert.Equal(("officer", officer.KeyId, "UBND-X"), (accepted.ActorRole, accepted.ActorKeyId, accepted.ActorAgencyCode));
        Assert.Equal(view.DueAt, accepted.DueAt);
        var supplement = view.History[2];
        Assert.Equal("Thiếu bản vẽ mặt bằng", supplement.Reason);
        Assert.Equal(fixture.Clock.GetUtcNow(), supplement.At);
        Assert.Equal(TimeSpan.FromHours(7), supplement.At.Offset);
    }

    [Fact]
    public async Task OnlyOfficersOfTheCompetentAgencyActOnADossierFiledAtAnotherCentre()
    {
        // Non-territorial filing: a commune centre receives a dossier of the provincial construction department.
        var dossier = await DossierScenarios.FileAsync(fixture.Grains, DossierScenarios.FifteenDayProcedure,
            DossierScenarios.FifteenDayAgency, centre: "XA-DONGANH");
        var stranger = DossierScenarios.OfficerOf("STP");
        var competent = DossierScenarios.OfficerOf(DossierScenarios.FifteenDayAgency);

        foreach (var action in new[] { Accept, Refuse, Process, RequestSupplement, RequestPayment, Stop, Complete, Return, Apologize })
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() =>
                DossierScenarios.ApplyAsync(dossier, action, stranger, fixture.Clock));
            Assert.Equal(DomainErrorKind.Forbidden, refused.Kind);
        }

        var accepted = await DossierScenarios.ApplyAsync(dossier, Accept, competent, fixture.Clock);
        Assert.Equal(("accepted", "XA-DONGANH", "SXD"), (accepted.Status, accepted.ReceivingCentre, accepted.AgencyCode));
    }
}
