using MotCua.Grains.Calendar;
using MotCua.Grains.Dossiers;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;

namespace MotCua.Grains.Tests;

/// <summary>Overdue marking by the dossier's own reminder, pauses against lateness, and the one apology.</summary>
[Collection(DossierClusterCollection.Name)]
public sealed class DossierOverdueTests(DossierClusterFixture fixture)
{
    private static readonly WorkingDayClock Working = new(HolidayCalendar.LoadEmbedded());

    private DossierTestClock Clock => fixture.Clock;

    [Fact]
    public async Task TheReminderMarksTheDossierOverdueWhenTheDueDatePassesWithoutAnyCall()
    {
        var agency = $"OVD{Guid.NewGuid():N}"[..12].ToUpperInvariant();
        var officer = DossierScenarios.OfficerOf(agency);
        var dossier = await DossierScenarios.FileAsync(fixture.Grains, DossierScenarios.OneDayProcedure, agency);
        var due = (await dossier.AcceptAsync(new DossierActionCommand(DossierScenarios.Op(), officer))).DueAt!.Value;

        Clock.AdvanceTo(due - TimeSpan.FromMinutes(1));
        var before = await dossier.GetAsync();
        Assert.False(before.Overdue);
        Assert.DoesNotContain(before.History, h => h.Type == "dossier.overdue");

        // Only the clock moves: Orleans' reminder service, waiting on the silo's clock, delivers the tick. Reads never
        // record events, so the event can only come from the reminder.
        var marked = await fixture.EventuallyAsync(dossier.GetAsync, v => v.History.Any(h => h.Type == "dossier.overdue"),
            step: TimeSpan.FromSeconds(20), because: "the overdue reminder fires after the due date");

        var overdue = marked.History.Single(h => h.Type == "dossier.overdue");
        Assert.True(marked.Overdue);
        Assert.Equal(("system", due), (overdue.ActorRole, overdue.DueAt));
        Assert.InRange(overdue.At, due, due + TimeSpan.FromMinutes(2));
        Assert.Equal("accepted", marked.Status);

        // The agency's list learns it from the dossier, without anyone asking the dossier.
        var listed = await fixture.EventuallyAsync(
            () => fixture.Grains.GetGrain<IAgencyDossierIndexGrain>(agency).QueryAsync(new DossierIndexQuery(null, true, 1, 20)),
            page => page.Items.Any(i => i.Code == marked.Code), because: "the index lists the dossier as overdue");
        Assert.Equal(due, listed.Items.Single(i => i.Code == marked.Code).DueAt);

        // Marked once: more time passing adds nothing.
        Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Single((await dossier.GetAsync()).History, h => h.Type == "dossier.overdue");
    }

    [Fact]
    public async Task TheReminderFollowsTheDueDateAndIsRemovedWhenTheDossierNoLongerNeedsIt()
    {
        var officer = DossierScenarios.OfficerOf(DossierScenarios.OneDayAgency);
        var dossier = await DossierScenarios.FileAsync(fixture.Grains);
        Assert.Empty(await fixture.RemindersOfAsync(dossier));

        var due = (await dossier.AcceptAsync(new DossierActionCommand(DossierScenarios.Op(), officer))).DueAt!.Value;
        Assert.Equal(due + TimeSpan.FromSeconds(1), (await fixture.RemindersOfAsync(dossier))[DossierGrain.OverdueReminder]);

        // Paused: no reminder. Resumed: one for the moved due date.
        await dossier.RequestSupplementAsync(new DossierActionCommand(DossierScenarios.Op(), officer, "Thiếu giấy tờ"));
        Assert.Empty(await fixture.RemindersOfAsync(dossier));
        Clock.Advance(TimeSpan.FromDays(2));
        var moved = (await dossier.SupplementAsync(new DossierActionCommand(DossierScenarios.Op(), DossierScenarios.Portal))).DueAt!.Value;
        Assert.True(moved > due);
        Assert.Equal(moved + TimeSpan.FromSeconds(1), (await fixture.RemindersOfAsync(dossier))[DossierGrain.OverdueReminder]);

        // Marked overdue by the reminder: removed, since nothing is left to mark until the due date changes.
        Clock.AdvanceTo(moved - TimeSpan.FromMinutes(1));
        await fixture.EventuallyAsync(dossier.GetAsync, v => v.History.Any(h => h.Type == "dossier.overdue"),
            step: TimeSpan.FromSeconds(20), because: "the overdue reminder fires");
        Assert.Empty(await fixture.RemindersOfAsync(dossier));

        // An apology sets a new due date and a reminder for it; the result being ready ends the need for one.
        var newDue = Clock.GetUtcNow() + TimeSpan.FromDays(3);
        await dossier.ApologizeAsync(new ApologizeCommand(DossierScenarios.Op(), officer, newDue, "Chờ ý kiến"));
        Assert.Equal(newDue + TimeSpan.FromSeconds(1), (await fixture.RemindersOfAsync(dossier))[DossierGrain.OverdueReminder]);
        await dossier.CompleteAsync(new DossierActionCommand(DossierScenarios.Op(), officer));
        Assert.Empty(await fixture.RemindersOfAsync(dossier));
    }

    [Fact]
    public async Task APausedDossierIsNotOverdueAndItsLatenessDoesNotGrowWhileItWaits()
    {
        var officer = DossierScenarios.OfficerOf(DossierScenarios.OneDayAgency);
        var dossier = await DossierScenarios.FileAsync(fixture.Grains);
        var due = (await dossier.AcceptAsync(new DossierActionCommand(DossierScenarios.Op(), officer))).DueAt!.Value;

        // Late by some working time, then waiting a week for the applicant.
        Clock.AdvanceTo(NextWorkingInstant(due + TimeSpan.FromHours(2)));
        Assert.True((await dossier.GetAsync()).Overdue);
        var pausedAt = Clock.GetUtcNow();
        var paused = await dossier.RequestSupplementAsync(new DossierActionCommand(DossierScenarios.Op(), officer, "Thiếu giấy tờ"));
        Assert.False(paused.Overdue);
        Assert.Single(paused.History, h => h.Type == "dossier.overdue");
        Clock.Advance(TimeSpan.FromDays(7));
        Assert.False((await dossier.GetAsync()).Overdue);

        var resumed = await dossier.SupplementAsync(new DossierActionCommand(DossierScenarios.Op(), DossierScenarios.Portal));

        Assert.True(resumed.Overdue);
        Assert.Equal(Working.WorkingTimeBetween(due, pausedAt), Working.WorkingTimeBetween(resumed.DueAt!.Value, Clock.GetUtcNow()));
        Assert.Single(resumed.History, h => h.Type == "dossier.overdue");
    }

    [Fact]
    public async Task AnApologyIsRefusedUntilTheDossierIsWithinOneWorkingDayOfItsDueDate()
    {
        var officer = DossierScenarios.OfficerOf(DossierScenarios.FifteenDayAgency);
        var dossier = await DossierScenarios.FileAsync(fixture.Grains, DossierScenarios.FifteenDayProcedure, DossierScenarios.FifteenDayAgency);
        var due = (await dossier.AcceptAsync(new DossierActionCommand(DossierScenarios.Op(), officer))).DueAt!.Value;

        var early = await Assert.ThrowsAsync<DomainException>(() => ApologizeAsync(dossier, officer, due + TimeSpan.FromDays(5)));
        Assert.Equal(ErrorCodes.InvalidTransition, early.Code);
        Assert.DoesNotContain("apologize", early.AllowedActions!);

        // Just over one working day left: still refused. One working day left: possible.
        Clock.AdvanceTo(InstantWithWorkingTimeLeft(due, TimeSpan.FromHours(8.5)));
        Assert.DoesNotContain("apologize", (await dossier.GetAsync()).AllowedActions);
        await Assert.ThrowsAsync<DomainException>(() => ApologizeAsync(dossier, officer, due + TimeSpan.FromDays(5)));
        Clock.AdvanceTo(InstantWithAtMostWorkingTimeLeft(due, TimeSpan.FromHours(8)));
        Assert.Contains("apologize", (await dossier.GetAsync()).AllowedActions);

        var apologized = await ApologizeAsync(dossier, officer, due + TimeSpan.FromDays(5));

        Assert.Equal(due + TimeSpan.FromDays(5), apologized.DueAt);
        Assert.DoesNotContain(apologized.History, h => h.Type == "dossier.overdue");
    }

    [Fact]
    public async Task AnOverdueDossierGetsOneApologyWithANewDueDateAndASecondApologyIs409()
    {
        var officer = DossierScenarios.OfficerOf(DossierScenarios.OneDayAgency);
        var dossier = await DossierScenarios.InStatusAsync(fixture.Grains, Interfaces.Dossiers.DossierStatus.Processing, Clock);
        var due = (await dossier.GetAsync()).DueAt!.Value;
        Clock.AdvanceTo(due + TimeSpan.FromHours(1));
        var newDue = Clock.GetUtcNow() + TimeSpan.FromDays(3);

        var apologized = await ApologizeAsync(dossier, officer, newDue);

        Assert.Equal(newDue, apologized.DueAt);
        Assert.False(apologized.Overdue);
        Assert.Equal("processing", apologized.Status);
        Assert.Equal((due, newDue, "Cần thẩm tra thực địa"),
            (apologized.Apology!.PreviousDueAt, apologized.Apology.NewDueAt, apologized.Apology.Reason));
        var apology = apologized.History[^1];
        Assert.Equal(("dossier.apologized", "officer", (DateTimeOffset?)newDue), (apology.Type, apology.ActorRole, apology.DueAt));
        Assert.Equal("dossier.overdue", apologized.History[^2].Type);
        Assert.DoesNotContain("apologize", apologized.AllowedActions);

        Clock.AdvanceTo(newDue + TimeSpan.FromHours(1));
        var again = await Assert.ThrowsAsync<DomainException>(() => ApologizeAsync(dossier, officer, newDue + TimeSpan.FromDays(3)));
        Assert.Equal(ErrorCodes.InvalidTransition, again.Code);
        Assert.Equal("processing", again.CurrentStatus);
        Assert.Equal(newDue, (await dossier.GetAsync()).DueAt);
    }

    [Fact]
    public async Task WhenTheApologisedDueDatePassesTooTheReminderMarksTheDossierOverdueAgain()
    {
        var officer = DossierScenarios.OfficerOf(DossierScenarios.OneDayAgency);
        var dossier = await DossierScenarios.InStatusAsync(fixture.Grains, Interfaces.Dossiers.DossierStatus.Accepted, Clock);
        var due = (await dossier.GetAsync()).DueAt!.Value;
        Clock.AdvanceTo(due + TimeSpan.FromMinutes(30));
        var newDue = Clock.GetUtcNow() + TimeSpan.FromDays(2);
        await ApologizeAsync(dossier, officer, newDue);

        Clock.AdvanceTo(newDue - TimeSpan.FromMinutes(1));
        var marked = await fixture.EventuallyAsync(dossier.GetAsync, v => v.History.Count(h => h.Type == "dossier.overdue") == 2,
            step: TimeSpan.FromSeconds(20), because: "the reminder re-registered for the new due date fires");

        Assert.Equal(newDue, marked.History.Last(h => h.Type == "dossier.overdue").DueAt);
        Assert.True(marked.Overdue);
    }

    [Fact]
    public async Task ANewDueDateThatIsNotLaterThanTheCurrentOneOrIsInThePastIsAFieldError()
    {
        var officer = DossierScenarios.OfficerOf(DossierScenarios.OneDayAgency);
        var dossier = await DossierScenarios.InStatusAsync(fixture.Grains, Interfaces.Dossiers.DossierStatus.Processing, Clock);
        var due = (await dossier.GetAsync()).DueAt!.Value;

        var earlier = await Assert.ThrowsAsync<DomainException>(() => ApologizeAsync(dossier, officer, due - TimeSpan.FromMinutes(1)));
        Clock.AdvanceTo(due + TimeSpan.FromHours(5));
        var past = await Assert.ThrowsAsync<DomainException>(() => ApologizeAsync(dossier, officer, due + TimeSpan.FromHours(1)));

        Assert.Equal((DomainErrorKind.Invalid, "dueAt"), (earlier.Kind, earlier.Field));
        Assert.Equal((DomainErrorKind.Invalid, "dueAt"), (past.Kind, past.Field));
        Assert.Null((await dossier.GetAsync()).Apology);
    }

    [Fact]
    public async Task AnOfficerOfAnotherAgencyCannotApologise()
    {
        var dossier = await DossierScenarios.InStatusAsync(fixture.Grains, Interfaces.Dossiers.DossierStatus.Processing, Clock);

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            ApologizeAsync(dossier, DossierScenarios.OfficerOf("STP"), Clock.GetUtcNow() + TimeSpan.FromDays(5)));

        Assert.Equal(DomainErrorKind.Forbidden, refused.Kind);
    }

    private static Task<DossierView> ApologizeAsync(IDossierGrain dossier, Actor officer, DateTimeOffset newDue) =>
        dossier.ApologizeAsync(new ApologizeCommand(DossierScenarios.Op(), officer, newDue, "Cần thẩm tra thực địa"));

    /// <summary>Stepping back from <paramref name="due"/> by half hours: the first instant with at least <paramref name="left"/> working time left.</summary>
    private DateTimeOffset InstantWithWorkingTimeLeft(DateTimeOffset due, TimeSpan left)
    {
        var instant = due;
        while (Working.WorkingTimeBetween(instant, due) < left)
        {
            instant -= TimeSpan.FromMinutes(30);
        }

        Assert.True(instant >= Clock.GetUtcNow(), "the test needs that instant to be ahead of the clock");
        return instant;
    }

    /// <summary>Stepping back from <paramref name="due"/> by half hours: the earliest instant with at most <paramref name="left"/> working time left.</summary>
    private DateTimeOffset InstantWithAtMostWorkingTimeLeft(DateTimeOffset due, TimeSpan left)
    {
        var instant = due;
        while (Working.WorkingTimeBetween(instant - TimeSpan.FromMinutes(30), due) <= left)
        {
            instant -= TimeSpan.FromMinutes(30);
        }

        Assert.True(instant >= Clock.GetUtcNow(), "the test needs that instant to be ahead of the clock");
        return instant;
    }

    private static DateTimeOffset NextWorkingInstant(DateTimeOffset instant)
    {
        while (!Working.IsWithinWorkingHours(instant))
        {
            instant += TimeSpan.FromMinutes(30);
        }

        return instant;
    }
}
