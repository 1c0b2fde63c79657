using MotCua.Grains.Calendar;
using MotCua.Grains.Events;
using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Grains.Tests.Events;

public sealed class KpiRulesTests
{
    private static readonly WorkingDayClock Clock = new(HolidayCalendar.LoadEmbedded());
    private static readonly TimeSpan Vn = WorkingDayClock.VietnamOffset;

    // Monday 2 March 2026, 09:00 in Hà Nội; a five-day procedure is due Monday 9 March at 09:00.
    private static readonly DateTimeOffset Accepted = new(2026, 3, 2, 9, 0, 0, Vn);
    private static readonly DateTimeOffset Due = new(2026, 3, 9, 9, 0, 0, Vn);

    private static DomainEvent Event(long sequence, string type, string status, DateTimeOffset at, DateTimeOffset? dueAt = null,
        string? detail = null, string source = "dossier:SXD-260302-0001") =>
        new($"{source}#{sequence}", source, sequence, type, at, new EventSubject
        {
            DossierCode = "SXD-260302-0001", AgencyCode = "SXD", Status = status, DueAt = dueAt, Detail = detail,
        });

    private static KpiDossierRow Run(params DomainEvent[] events)
    {
        KpiDossierRow? row = null;
        foreach (var e in events)
        {
            row = KpiRules.Apply(row, e, Clock) ?? row;
        }

        return row!;
    }

    private static KpiDossierRow AcceptedRow() => Run(
        Event(1, EventTypes.DossierSubmitted, "submitted", Accepted.AddHours(-1)),
        Event(2, EventTypes.DossierStatusChanged, "accepted", Accepted, Due),
        Event(3, EventTypes.DossierStatusChanged, "processing", Accepted.AddHours(1), Due));

    [Fact]
    public void AResultOnAnEarlierDayIsEarlyOnTheAppointmentDayOnTimeAndAfterItLate()
    {
        Assert.Equal(KpiRules.Early, KpiRules.TimelinessOf(new DateTimeOffset(2026, 3, 6, 16, 0, 0, Vn), Due));
        Assert.Equal(KpiRules.OnTime, KpiRules.TimelinessOf(new DateTimeOffset(2026, 3, 9, 8, 0, 0, Vn), Due));
        Assert.Equal(KpiRules.OnTime, KpiRules.TimelinessOf(Due, Due));
        Assert.Equal(KpiRules.Late, KpiRules.TimelinessOf(Due.AddMinutes(1), Due));
        Assert.Equal(KpiRules.OnTime, KpiRules.TimelinessOf(Due, null));
        // The day is Vietnam's: 23:30 UTC on 8 March is 06:30 on 9 March in Hà Nội, the appointment day.
        Assert.Equal(KpiRules.OnTime, KpiRules.TimelinessOf(new DateTimeOffset(2026, 3, 8, 23, 30, 0, TimeSpan.Zero), Due));
    }

    [Fact]
    public void AResultKeepsItsMonthTimelinessAndWorkingDaysSinceAcceptance()
    {
        // Accepted Monday 09:00, result Wednesday 13:30: 6 h on Monday (2.5 + 3.5), 8 h on Tuesday, 4.5 h on
        // Wednesday morning: 18.5 h = 2.31 working days.
        var at = new DateTimeOffset(2026, 3, 4, 13, 30, 0, Vn);
        var row = KpiRules.Apply(AcceptedRow(), Event(4, EventTypes.DossierStatusChanged, "processed", at, Due), Clock)!;

        Assert.Equal((KpiRules.Early, "2026-03", at), (row.Timeliness, row.FinishedMonth, row.FinishedAt));
        Assert.Equal(2.31m, row.LeadDays);
        Assert.Equal(Accepted, row.AcceptedAt);

        // A later result (processed again after a return to processing) changes neither.
        var again = KpiRules.Apply(row, Event(6, EventTypes.DossierStatusChanged, "processed", at.AddDays(30), Due), Clock)!;
        Assert.Equal((KpiRules.Early, "2026-03", 2.31m), (again.Timeliness, again.FinishedMonth, again.LeadDays));
    }

    [Fact]
    public void AfterAnApologyTheAppointmentDateStaysAndAResultByTheNewDateIsStillLate()
    {
        var newDue = Due.AddDays(3);
        var row = Run(
            Event(1, EventTypes.DossierStatusChanged, "accepted", Accepted, Due),
            Event(2, "dossier.overdue", "accepted", Due.AddMinutes(5), Due),
            Event(3, "dossier.apologized", "accepted", Due.AddHours(1), newDue),
            Event(4, EventTypes.DossierStatusChanged, "processing", Due.AddHours(2), newDue));

        Assert.Equal((true, Due, newDue), (row.Apologized, row.PromisedAt, row.DueAt));
        var done = KpiRules.Apply(row, Event(5, EventTypes.DossierStatusChanged, "processed", newDue.AddHours(-1), newDue), Clock)!;
        Assert.Equal(KpiRules.Late, done.Timeliness);
    }

    [Fact]
    public void APauseMovesTheAppointmentDateWhileNoApologyWasMade()
    {
        var moved = Due.AddDays(2);
        var row = KpiRules.Apply(AcceptedRow(), Event(4, EventTypes.DossierStatusChanged, "processing", Accepted.AddDays(1), moved), Clock)!;

        Assert.Equal((false, moved), (row.Apologized, row.PromisedAt));
    }

    [Fact]
    public void AnEventTheRowHasSeenOrWithoutADossierChangesNothing()
    {
        var row = AcceptedRow();

        Assert.Null(KpiRules.Apply(row, Event(3, EventTypes.DossierStatusChanged, "processed", Due, Due), Clock));
        Assert.Null(KpiRules.Apply(row, Event(2, EventTypes.DossierStatusChanged, "processed", Due, Due), Clock));
        var orphan = new DomainEvent("x#9", "x", 9, EventTypes.DossierStatusChanged, Due, new EventSubject { Status = "processed" });
        Assert.Null(KpiRules.Apply(row, orphan, Clock));
    }

    [Theory]
    [InlineData("4/5", 4)]
    [InlineData("2/5: chờ lâu", 2)]
    [InlineData("5/5", 5)]
    [InlineData("6/5", null)]
    [InlineData("4/50", null)]
    [InlineData("rất tốt", null)]
    public void TheScoreIsReadFromTheRatingEventsDetail(string detail, int? score) => Assert.Equal(score, KpiRules.ScoreOf(detail));

    [Fact]
    public void ARatingCountsOnceInTheMonthItWasGiven()
    {
        var returned = new DateTimeOffset(2026, 3, 31, 23, 0, 0, TimeSpan.Zero); // 1 April in Hà Nội
        var row = Run(
            Event(1, EventTypes.DossierStatusChanged, "accepted", Accepted, Due),
            Event(2, "dossier.rated", "returned", returned, Due, "4/5: nhanh"),
            Event(3, "dossier.rated", "returned", returned.AddDays(1), Due, "1/5"));

        Assert.Equal((4, "2026-04"), (row.Rating, row.RatedMonth));
    }

    [Fact]
    public void AFeePaymentCountsOnlineUnlessCashAndATopUpDoesNotCount()
    {
        DomainEvent Paid(string method, string? dossier) => new("payment:p#3", "payment:p", 3, EventTypes.PaymentSucceeded,
            new DateTimeOffset(2026, 2, 28, 18, 0, 0, TimeSpan.Zero), new EventSubject
            {
                PaymentId = "p", DossierCode = dossier, AgencyCode = dossier is null ? null : "SXD", Method = method, Amount = 50_000,
            });

        Assert.Equal(new KpiPayment("p", "SXD", "D", "2026-03", "vietqr", 50_000, true), KpiRules.PaymentOf(Paid("vietqr", "D")));
        Assert.True(KpiRules.PaymentOf(Paid("wallet", "D"))!.Online);
        Assert.True(KpiRules.PaymentOf(Paid("viettelpay", "D"))!.Online);
        Assert.False(KpiRules.PaymentOf(Paid("cash", "D"))!.Online);
        Assert.Null(KpiRules.PaymentOf(Paid("vietqr", null)));
    }

    [Fact]
    public void OverdueIsCountedAsOfTheMonthsEndOrNowWhicheverIsEarlier()
    {
        var now = new DateTimeOffset(2026, 3, 15, 10, 0, 0, Vn);

        Assert.Equal(now, KpiRules.OverdueCutoff("2026-03", now));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, Vn), KpiRules.OverdueCutoff("2026-02", now));
    }

    [Fact]
    public void PercentilesAreNearestRank()
    {
        decimal[] values = [1m, 2m, 3m, 4m, 5m, 6m, 7m, 8m, 9m, 10m];

        Assert.Equal(5m, KpiRules.NearestRank(values, 0.5));
        Assert.Equal(9m, KpiRules.NearestRank(values, 0.9));
        Assert.Equal(2m, KpiRules.NearestRank([2m], 0.9));
        Assert.Null(KpiRules.NearestRank([], 0.5));
    }
}
