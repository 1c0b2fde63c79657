using FsCheck.Xunit;
using MotCua.Grains.Calendar;

namespace MotCua.Grains.Tests;

public sealed class WorkingDayClockTests
{
    private static readonly WorkingDayClock Clock = new(HolidayCalendar.LoadEmbedded());
    private static readonly TimeSpan Vn = WorkingDayClock.VietnamOffset;

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, Vn);

    private static void AssertInstant(DateTimeOffset expected, DateTimeOffset actual)
    {
        Assert.Equal(expected, actual);
        Assert.Equal(Vn, actual.Offset);
    }

    [Fact]
    public void FridayAfternoonPlusOneWorkingDayIsMondayAtTheSameTime()
    {
        // Friday 14 March 2025, 15:00: 2 h on Friday, 4 h 30 on Monday morning, 1 h 30 after lunch.
        AssertInstant(At(2025, 3, 17, 15), Clock.AddWorkingDays(At(2025, 3, 14, 15), 1));
    }

    [Fact]
    public void FridayHalfPastFourPlusHalfADayLandsMondayAtHalfPastTen()
    {
        // 30 min on Friday, then 3 h 30 from Monday 07:00.
        AssertInstant(At(2025, 3, 17, 10, 30), Clock.AddWorkingTime(At(2025, 3, 14, 16, 30), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void TheLunchBreakIsSkipped()
    {
        // Tuesday 10:00 + 2 h: 1 h 30 until 11:30, the last 30 min after 13:30.
        AssertInstant(At(2025, 3, 18, 14), Clock.AddWorkingTime(At(2025, 3, 18, 10), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void AStartDuringLunchCountsFromHalfPastOne()
    {
        AssertInstant(At(2025, 3, 18, 14, 30), Clock.AddWorkingTime(At(2025, 3, 18, 12), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void AStartOnSaturdayCountsFromMondaySevenOClock()
    {
        AssertInstant(At(2025, 3, 17, 8), Clock.AddWorkingTime(At(2025, 3, 15, 10), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void AStartAfterFiveCountsFromTheNextMorning()
    {
        AssertInstant(At(2025, 3, 19, 7, 15), Clock.AddWorkingTime(At(2025, 3, 18, 18), TimeSpan.FromMinutes(15)));
    }

    [Fact]
    public void TimeRunningOutAtTheEndOfASessionReturnsThatEnd()
    {
        AssertInstant(At(2025, 3, 18, 11, 30), Clock.AddWorkingTime(At(2025, 3, 18, 7), TimeSpan.FromHours(4.5)));
        AssertInstant(At(2025, 3, 18, 17), Clock.AddWorkingDays(At(2025, 3, 18, 7), 1));
        AssertInstant(At(2025, 3, 18, 17), Clock.AddWorkingDays(At(2025, 3, 17, 17), 1));
    }

    [Fact]
    public void ZeroWorkingTimeReturnsTheStartInVietnamTime()
    {
        var start = new DateTimeOffset(2025, 3, 15, 3, 0, 0, TimeSpan.Zero);
        AssertInstant(start.ToOffset(Vn), Clock.AddWorkingTime(start, TimeSpan.Zero));
    }

    [Fact]
    public void TheTetBinhNgoBlockIsSkipped()
    {
        // Friday 13 Feb 2026 16:00: 1 h before the break (14–22 Feb), then 7 h from Monday 23 Feb.
        AssertInstant(At(2026, 2, 23, 16), Clock.AddWorkingDays(At(2026, 2, 13, 16), 1));
        Assert.Equal(TimeSpan.FromHours(1), Clock.WorkingTimeBetween(At(2026, 2, 13, 16), At(2026, 2, 23, 7)));
    }

    [Fact]
    public void ASpanAcrossNewYear2026SkipsTheNewYearBreak()
    {
        // Wed 31 Dec 2025 13:30: 3 h 30 that afternoon; 1–4 Jan 2026 off (2 Jan swapped);
        // Mon 5 Jan a full 8 h; the last 4 h 30 end exactly at Tuesday 6 Jan 11:30.
        AssertInstant(At(2026, 1, 6, 11, 30), Clock.AddWorkingDays(At(2025, 12, 31, 13, 30), 2));
    }

    [Fact]
    public void ACompensatingSaturdayCountsAsAWorkingDay()
    {
        AssertInstant(At(2026, 8, 22, 8), Clock.AddWorkingTime(At(2026, 8, 21, 16), TimeSpan.FromHours(2)));
        AssertInstant(At(2025, 4, 26, 8), Clock.AddWorkingTime(At(2025, 4, 25, 16), TimeSpan.FromHours(2)));
        Assert.True(Clock.IsWorkingDay(new DateOnly(2026, 8, 22)));
    }

    [Fact]
    public void TheNationalDayBreak2026IsSkippedAfterTheSwappedSaturday()
    {
        // Fri 28 Aug 2026 17:00 + 1 day: 29 Aug – 2 Sep are off, so the day is Thursday 3 Sep.
        AssertInstant(At(2026, 9, 3, 17), Clock.AddWorkingDays(At(2026, 8, 28, 17), 1));
    }

    [Fact]
    public void InputsInUtcAreHandledAsVietnamTime()
    {
        // 08:00Z on Friday 14 March 2025 is 15:00 in Hà Nội.
        var fridayAfternoon = new DateTimeOffset(2025, 3, 14, 8, 0, 0, TimeSpan.Zero);
        AssertInstant(At(2025, 3, 17, 15), Clock.AddWorkingDays(fridayAfternoon, 1));

        // 23:30Z on Sunday is already Monday 06:30 in Vietnam.
        var sundayNightUtc = new DateTimeOffset(2025, 3, 16, 23, 30, 0, TimeSpan.Zero);
        AssertInstant(At(2025, 3, 17, 8), Clock.AddWorkingTime(sundayNightUtc, TimeSpan.FromHours(1)));
        Assert.True(Clock.IsWithinWorkingHours(new DateTimeOffset(2025, 3, 17, 0, 0, 0, TimeSpan.Zero)));
        Assert.False(Clock.IsWithinWorkingHours(new DateTimeOffset(2025, 3, 17, 10, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void WorkingTimeBetweenCountsOnlyWorkingHours()
    {
        Assert.Equal(TimeSpan.FromHours(8), Clock.WorkingTimeBetween(At(2025, 3, 14, 15), At(2025, 3, 17, 15)));
        Assert.Equal(TimeSpan.FromHours(2), Clock.WorkingTimeBetween(At(2025, 3, 18, 10), At(2025, 3, 18, 14)));
        Assert.Equal(TimeSpan.Zero, Clock.WorkingTimeBetween(At(2025, 3, 18, 11, 30), At(2025, 3, 18, 13, 30)));
        Assert.Equal(TimeSpan.Zero, Clock.WorkingTimeBetween(At(2025, 3, 15, 0), At(2025, 3, 17, 0)));
        Assert.Equal(TimeSpan.Zero, Clock.WorkingTimeBetween(At(2025, 3, 18, 14), At(2025, 3, 18, 10)));
        Assert.Equal(TimeSpan.Zero, Clock.WorkingTimeBetween(At(2025, 3, 18, 14), At(2025, 3, 18, 14)));
    }

    [Fact]
    public void AnOrdinaryWeekHasFortyWorkingHours()
    {
        Assert.Equal(TimeSpan.FromHours(40), Clock.WorkingTimeBetween(At(2025, 3, 17, 0), At(2025, 3, 24, 0)));
    }

    [Fact]
    public void IsWithinWorkingHoursUsesHalfOpenSessions()
    {
        Assert.True(Clock.IsWithinWorkingHours(At(2025, 3, 18, 7)));
        Assert.True(Clock.IsWithinWorkingHours(At(2025, 3, 18, 11, 29)));
        Assert.False(Clock.IsWithinWorkingHours(At(2025, 3, 18, 11, 30)));
        Assert.False(Clock.IsWithinWorkingHours(At(2025, 3, 18, 12)));
        Assert.True(Clock.IsWithinWorkingHours(At(2025, 3, 18, 13, 30)));
        Assert.False(Clock.IsWithinWorkingHours(At(2025, 3, 18, 17)));
        Assert.False(Clock.IsWithinWorkingHours(At(2025, 3, 18, 6, 59)));
        Assert.False(Clock.IsWithinWorkingHours(At(2025, 3, 15, 10)));      // Saturday
        Assert.False(Clock.IsWithinWorkingHours(At(2025, 9, 2, 10)));       // National Day
        Assert.True(Clock.IsWithinWorkingHours(At(2025, 4, 26, 10)));       // compensating Saturday
    }

    [Fact]
    public void NegativeAmountsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Clock.AddWorkingDays(At(2025, 3, 18, 10), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Clock.AddWorkingTime(At(2025, 3, 18, 10), TimeSpan.FromMinutes(-1)));
    }

    [Fact]
    public void HundredsOfWorkingDaysAreCountedFast()
    {
        var start = At(2025, 1, 2, 9);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        DateTimeOffset end = default;
        for (var i = 0; i < 200; i++)
        {
            end = Clock.AddWorkingDays(start, 500);
        }

        stopwatch.Stop();
        Assert.Equal(TimeSpan.FromHours(8 * 500), Clock.WorkingTimeBetween(start, end));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"200 × 500 working days took {stopwatch.Elapsed}");
    }

    /// <summary>
    /// For any start (any minute of 2025–2026, given in UTC) and any amount up to 60 working days,
    /// counting back the working time between the start and the result gives the amount again, and the
    /// result lies in working hours or exactly at a session end.
    /// </summary>
    [Property(MaxTest = 500)]
    public bool WorkingTimeBetweenIsTheInverseOfAddWorkingTime(int startSeed, int amountSeed)
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)
            .AddMinutes(Math.Abs((long)startSeed) % (2 * 365 * 24 * 60));
        var amount = TimeSpan.FromMinutes(Math.Abs((long)amountSeed) % (60 * 8 * 60) + 1);

        var end = Clock.AddWorkingTime(start, amount);

        var inHoursOrAtSessionEnd = Clock.IsWithinWorkingHours(end)
            || (Clock.IsWorkingDay(DateOnly.FromDateTime(end.DateTime))
                && (end.TimeOfDay == new TimeSpan(11, 30, 0) || end.TimeOfDay == new TimeSpan(17, 0, 0)));
        return end.Offset == Vn
            && end > start
            && Clock.WorkingTimeBetween(start, end) == amount
            && inHoursOrAtSessionEnd;
    }

    [Fact]
    public void AddingTheWorkingTimeBetweenTwoInstantsInsideASessionLandsOnTheLaterOne()
    {
        var random = new Random(20260214);
        for (var i = 0; i < 2000; i++)
        {
            var from = new DateTimeOffset(2025, 1, 1, 0, 0, 0, Vn).AddMinutes(random.Next(2 * 365 * 24 * 60));
            var to = from.AddMinutes(random.Next(1, 90 * 24 * 60));
            // At a session start (07:00, 13:30) the earliest instant with the same working time is the
            // previous session's end, so only instants strictly inside a session round-trip exactly.
            if (!Clock.IsWithinWorkingHours(to) || !Clock.IsWithinWorkingHours(to.AddMinutes(-1)))
            {
                continue;
            }

            var between = Clock.WorkingTimeBetween(from, to);
            if (between == TimeSpan.Zero)
            {
                continue;
            }

            Assert.Equal(to, Clock.AddWorkingTime(from, between));
        }
    }
}
