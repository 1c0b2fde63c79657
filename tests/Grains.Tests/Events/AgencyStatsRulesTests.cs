using MotCua.Grains.Events;
using MotCua.Grains.Interfaces.Events;

namespace MotCua.Grains.Tests.Events;

public sealed class AgencyStatsRulesTests
{
    // 23:30 on 30 November in UTC is 06:30 on 1 December in Hà Nội: months are Vietnam months.
    private static readonly DateTimeOffset At = new(2026, 11, 30, 23, 30, 0, TimeSpan.Zero);

    private static DomainEvent Event(string type, string? status, DateTimeOffset? dueAt = null, string? code = "SXD-261201-0001") =>
        new("ev-1", "dossier:SXD-261201-0001", 7, type, At, new EventSubject { DossierCode = code, AgencyCode = "SXD", Status = status, DueAt = dueAt });

    [Fact]
    public void ASubmissionCountsInTheVietnamMonthItHappened()
    {
        var change = AgencyStatsRules.ChangeOf(Event(EventTypes.DossierSubmitted, "submitted"))!;

        Assert.Equal(("SXD-261201-0001", 7L, "submitted", "2026-12"), (change.DossierCode, change.Sequence, change.Status, change.SubmittedMonth));
        Assert.Null(change.FinishedMonth);
        Assert.Null(change.OnTime);
    }

    [Theory]
    [InlineData(1, true)]   // due an hour after the result
    [InlineData(0, true)]   // due at that very moment
    [InlineData(-1, false)] // due an hour before
    public void AResultIsOnTimeWhenItCameByTheDueDateItCarried(int dueInHours, bool onTime)
    {
        var change = AgencyStatsRules.ChangeOf(Event(EventTypes.DossierStatusChanged, "processed", At.AddHours(dueInHours)))!;

        Assert.Equal(("2026-12", (bool?)onTime), (change.FinishedMonth, change.OnTime));
        Assert.Null(change.SubmittedMonth);
    }

    [Fact]
    public void AResultWithoutADueDateIsOnTimeAndOtherChangesOnlyCarryTheirStatus()
    {
        Assert.True(AgencyStatsRules.ChangeOf(Event(EventTypes.DossierStatusChanged, "processed"))!.OnTime);

        var other = AgencyStatsRules.ChangeOf(Event(EventTypes.DossierStatusChanged, "processing"))!;
        Assert.Equal(("processing", (string?)null, (bool?)null), (other.Status, other.FinishedMonth, other.OnTime));
        Assert.Null(AgencyStatsRules.ChangeOf(Event(EventTypes.DossierStatusChanged, "processing", code: null)));
    }
}
