using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Tests;

/// <summary>
/// The working-day clock pausing while the applicant has the next move, with dates worked out by hand. The class has a
/// cluster of its own (its clock starts on Monday 2 March 2026, 09:00 in Hà Nội) so no other test moves its clock.
/// </summary>
public sealed class DossierPauseTests(DossierClusterFixture fixture) : IClassFixture<DossierClusterFixture>
{
    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Hanoi);

    [Fact]
    public async Task TimeInSupplementAndPaymentRequestedMovesTheDueDateLaterByTheWorkingTimeSpentThere()
    {
        var clock = fixture.Clock;
        var officer = DossierScenarios.OfficerOf(DossierScenarios.FifteenDayAgency);
        Assert.Equal(At(3, 2, 9), clock.GetUtcNow());
        var dossier = await DossierScenarios.FileAsync(fixture.Grains, DossierScenarios.FifteenDayProcedure, DossierScenarios.FifteenDayAgency);

        // Accepted Monday 2 March 09:00; fifteen working days of 8 h (no holiday in March 2026) end Monday 23 March 09:00.
        var accepted = await dossier.AcceptAsync(new DossierActionCommand(DossierScenarios.Op(), officer));
        Assert.Equal(At(3, 23, 9), accepted.DueAt);
        await dossier.ProcessAsync(new DossierActionCommand(DossierScenarios.Op(), officer));

        // Supplement asked Monday 10:00, supplied Wednesday 10:00: two working days (16 h) paused.
        clock.AdvanceTo(At(3, 2, 10));
        var waiting = await dossier.RequestSupplementAsync(new DossierActionCommand(DossierScenarios.Op(), officer, "Thiếu bản vẽ"));
        Assert.Equal(At(3, 2, 10), waiting.ClockPausedSince);
        clock.AdvanceTo(At(3, 4, 10));
        var supplemented = await dossier.SupplementAsync(new DossierActionCommand(DossierScenarios.Op(), DossierScenarios.Portal));
        Assert.Equal(At(3, 25, 9), supplemented.DueAt);
        Assert.Null(supplemented.ClockPausedSince);
        Assert.Equal(At(3, 25, 9), supplemented.History[^1].DueAt);

        // Fee asked Wednesday 11:00, paid Thursday 14:00: 0.5 + 3.5 + 4.5 + 0.5 = 9 working hours paused, which moves
        // Wednesday 25 March 09:00 over its lunch break and evening to Thursday 26 March 10:00.
        clock.AdvanceTo(At(3, 4, 11));
        await dossier.RequestPaymentAsync(new RequestPaymentCommand(DossierScenarios.Op(), officer, [new FeeItemRequest("charge", "Lệ phí", 75_000)]));
        clock.AdvanceTo(At(3, 5, 14));
        var terms = await dossier.RegisterPaymentAsync(new RegisterPayment("pay-pause-1", PaymentMethods.Cash, clock.GetUtcNow()));
        await dossier.RecordPaymentSucceededAsync(new RecordPaymentSucceeded("pay-pause-1", terms.Amount, terms.FeeItemIds, clock.GetUtcNow()));
        var paid = await dossier.GetAsync();
        Assert.Equal("processing", paid.Status);
        Assert.Equal(At(3, 26, 10), paid.DueAt);

        // Supplement asked Friday 16:00, supplied Monday 08:00: 1 h on Friday, none at the weekend, 1 h on Monday; the
        // due date crosses Thursday's lunch break to 14:00.
        clock.AdvanceTo(At(3, 6, 16));
        await dossier.RequestSupplementAsync(new DossierActionCommand(DossierScenarios.Op(), officer, "Thiếu chữ ký"));
        clock.AdvanceTo(At(3, 9, 8));
        var resumed = await dossier.SupplementAsync(new DossierActionCommand(DossierScenarios.Op(), DossierScenarios.Portal));
        Assert.Equal(At(3, 26, 14), resumed.DueAt);

        Assert.Equal([At(3, 23, 9), At(3, 25, 9), At(3, 26, 10), At(3, 26, 14)],
            resumed.History.Where(h => h.DueAt is not null).Select(h => h.DueAt!.Value));
        Assert.False(resumed.Overdue);
    }
}
