using MotCua.Grains.Calendar;

namespace MotCua.Grains.Tests;

public sealed class HolidayCalendarTests
{
    private static readonly HolidayCalendar Embedded = HolidayCalendar.LoadEmbedded();

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static string Doc(int year, string holidays, string workingWeekendDays = "") =>
        $$"""
        { "year": {{year}}, "sources": ["test"],
          "holidays": [{{holidays}}],
          "workingWeekendDays": [{{workingWeekendDays}}] }
        """;

    private static string Day(string date, string name = "x") => $$"""{ "date": "{{date}}", "name": "{{name}}" }""";

    [Fact]
    public void EmbeddedCalendarCovers2025And2026()
    {
        Assert.Equal(new[] { 2025, 2026 }, Embedded.Years.Where(y => y is 2025 or 2026));
        Assert.Equal(Embedded.Years.Order(), Embedded.Years);
    }

    [Theory]
    [InlineData("2025-01-01")]
    [InlineData("2025-01-27")]
    [InlineData("2025-01-29")]
    [InlineData("2025-01-31")]
    [InlineData("2025-04-07")]
    [InlineData("2025-04-30")]
    [InlineData("2025-05-01")]
    [InlineData("2025-05-02")]
    [InlineData("2025-09-01")]
    [InlineData("2025-09-02")]
    [InlineData("2026-01-01")]
    [InlineData("2026-01-02")]
    [InlineData("2026-02-16")]
    [InlineData("2026-02-17")]
    [InlineData("2026-02-20")]
    [InlineData("2026-04-27")]
    [InlineData("2026-04-30")]
    [InlineData("2026-05-01")]
    [InlineData("2026-08-31")]
    [InlineData("2026-09-01")]
    [InlineData("2026-09-02")]
    public void AnnouncedWeekdayHolidaysAreNotWorkingDays(string date)
    {
        var d = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Embedded.IsHoliday(d));
        Assert.False(Embedded.IsWorkingDay(d));
        Assert.False(string.IsNullOrWhiteSpace(Embedded.HolidayName(d)));
    }

    [Theory]
    [InlineData("2025-04-26")]
    [InlineData("2026-01-10")]
    [InlineData("2026-08-22")]
    public void CompensatingSaturdaysAreWorkingDays(string date)
    {
        var d = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DayOfWeek.Saturday, d.DayOfWeek);
        Assert.True(Embedded.IsWorkingDay(d));
        Assert.False(Embedded.IsHoliday(d));
        Assert.Null(Embedded.HolidayName(d));
    }

    [Fact]
    public void TetBinhNgoBlockRunsFrom14To22February2026()
    {
        for (var d = D(2026, 2, 14); d <= D(2026, 2, 22); d = d.AddDays(1))
        {
            Assert.True(Embedded.IsHoliday(d), d.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            Assert.False(Embedded.IsWorkingDay(d));
        }

        Assert.True(Embedded.IsWorkingDay(D(2026, 2, 13)));
        Assert.True(Embedded.IsWorkingDay(D(2026, 2, 23)));
        Assert.Contains("mùng 1", Embedded.HolidayName(D(2026, 2, 17)), StringComparison.Ordinal);
    }

    [Fact]
    public void TetAtTyBlockRunsFrom25JanuaryTo2February2025()
    {
        for (var d = D(2025, 1, 25); d <= D(2025, 2, 2); d = d.AddDays(1))
        {
            Assert.False(Embedded.IsWorkingDay(d));
        }

        Assert.True(Embedded.IsWorkingDay(D(2025, 1, 24)));
        Assert.True(Embedded.IsWorkingDay(D(2025, 2, 3)));
    }

    [Fact]
    public void NationalDay2025RunsFrom30AugustTo2SeptemberWithNoSwap()
    {
        Assert.True(Embedded.IsWorkingDay(D(2025, 8, 29)));
        for (var d = D(2025, 8, 30); d <= D(2025, 9, 2); d = d.AddDays(1))
        {
            Assert.False(Embedded.IsWorkingDay(d));
        }

        Assert.True(Embedded.IsWorkingDay(D(2025, 9, 3)));
    }

    [Theory]
    [InlineData(2025, 12, 1)]
    [InlineData(2026, 14, 2)]
    public void EachYearHasItsAnnouncedNumberOfWeekdaysOffAndWorkingWeekendDays(
        int year, int weekdaysOff, int workingWeekendDays)
    {
        var offCount = 0;
        var weekendWorkCount = 0;
        for (var d = D(year, 1, 1); d.Year == year; d = d.AddDays(1))
        {
            var weekend = d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            if (!weekend && !Embedded.IsWorkingDay(d))
            {
                offCount++;
            }

            if (weekend && Embedded.IsWorkingDay(d))
            {
                weekendWorkCount++;
            }
        }

        Assert.Equal(weekdaysOff, offCount);
        Assert.Equal(workingWeekendDays, weekendWorkCount);
    }

    [Fact]
    public void OrdinaryWeekdaysWorkAndWeekendsDoNot()
    {
        Assert.True(Embedded.IsWorkingDay(D(2025, 3, 14)));   // Friday
        Assert.False(Embedded.IsWorkingDay(D(2025, 3, 15)));  // Saturday
        Assert.False(Embedded.IsWorkingDay(D(2025, 3, 16)));  // Sunday
        Assert.False(Embedded.IsHoliday(D(2025, 3, 15)));
        Assert.Null(Embedded.HolidayName(D(2025, 3, 14)));
    }

    [Fact]
    public void AYearWithoutAnAnnouncedCalendarUsesTheStatutoryHolidaysMarkedAsSuch()
    {
        Assert.DoesNotContain(2031, Embedded.Years);
        Assert.False(Embedded.IsAnnounced(2031));
        Assert.False(Embedded.IsWorkingDay(D(2031, 1, 1)));   // Wednesday: New Year's Day, by Article 112
        Assert.Contains(StatutoryHolidays.Marker, Embedded.HolidayName(D(2031, 1, 1)), StringComparison.Ordinal);
        Assert.False(Embedded.IsWorkingDay(D(2031, 1, 23)));  // Thursday: mùng 1 Tết Tân Hợi
        Assert.True(Embedded.IsWorkingDay(D(2031, 1, 2)));
        Assert.False(Embedded.IsWorkingDay(D(2031, 1, 4)));   // Saturday
    }

    [Fact]
    public void The2027StatutoryCalendarIsShippedUntilOneIsAnnounced()
    {
        // Tết Đinh Mùi is Saturday 6 February 2027. Five Tết days: Friday 5 (last day of Bính Ngọ) to Tuesday 9 February;
        // Saturday 6 and Sunday 7 are weekly days off, so Wednesday 10 and Thursday 11 are compensatory days off.
        // Hùng Kings' day (10/3 Đinh Mùi) is Friday 16 April. 30/4 is a Friday, 1/5 a Saturday (compensatory Monday
        // 3 May). 2/9 is a Thursday: 2 and 3 September. New Year's Day is a Friday.
        Assert.False(Embedded.IsAnnounced(2027));
        var expected = new[]
        {
            "2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11",
            "2027-04-16", "2027-04-30", "2027-05-01", "2027-05-03", "2027-09-02", "2027-09-03",
        };
        var daysOff = StatutoryHolidays.For(2027);
        Assert.Equal(expected, daysOff.Select(d => d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(daysOff, d => Assert.Contains(StatutoryHolidays.Marker, d.Name, StringComparison.Ordinal));
        Assert.All(daysOff, d => Assert.False(Embedded.IsWorkingDay(d.Date)));
        Assert.Contains("Nghỉ bù 06/02", Embedded.HolidayName(D(2027, 2, 10)), StringComparison.Ordinal);
        Assert.True(Embedded.IsWorkingDay(D(2027, 2, 12)));   // Friday after the break
        Assert.True(Embedded.IsWorkingDay(D(2027, 2, 4)));
    }

    [Fact]
    public void AHolidayOnAWeekendGivesTheNextWorkingDayOffEvenWhenTheNextDayIsAHoliday()
    {
        // 2028: 30/4 is a Sunday and 1/5 a Monday, so the day off for 30/4 is Tuesday 2 May.
        var daysOff = StatutoryHolidays.For(2028).ToDictionary(d => d.Date, d => d.Name);
        Assert.Contains("Nghỉ bù 30/04", daysOff[D(2028, 5, 2)], StringComparison.Ordinal);
        Assert.DoesNotContain(D(2028, 5, 3), daysOff.Keys);
    }

    [Fact]
    public void AFileDroppedIntoTheCalendarDirectoryAnnouncesItsYearAndReplacesTheStatutoryOne()
    {
        var directory = Directory.CreateTempSubdirectory("motcua-calendar-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "holidays-2027.json"),
                Doc(2027, Day("2027-01-01", "Tết Dương lịch") + "," + Day("2027-02-12", "Tết (test)"), Day("2027-02-20")));
            File.WriteAllText(Path.Combine(directory.FullName, "notes.txt"), "not a calendar");

            var calendar = HolidayCalendar.Load(directory.FullName);

            Assert.Equal(new[] { 2025, 2026, 2027 }, calendar.Years.Where(y => y is >= 2025 and <= 2027));
            Assert.True(calendar.IsAnnounced(2027));
            Assert.Equal(new DateOnly(2027, 12, 31), calendar.AnnouncedUntil);
            Assert.False(calendar.IsWorkingDay(D(2027, 2, 12)));   // announced
            Assert.True(calendar.IsWorkingDay(D(2027, 2, 10)));    // only statutory: the announcement replaced it
            Assert.True(calendar.IsWorkingDay(D(2027, 2, 20)));    // a swapped Saturday
            Assert.False(calendar.IsWorkingDay(D(2026, 2, 17)));   // the shipped 2026 file still counts
            Assert.Equal(new DateOnly(2026, 12, 31), HolidayCalendar.Load(null).AnnouncedUntil);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void AMisnamedFileOrAMissingDirectoryStopsTheLoad()
    {
        var directory = Directory.CreateTempSubdirectory("motcua-calendar-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "holidays-2028.json"), Doc(2027, Day("2027-01-01")));
            var misnamed = Assert.Throws<InvalidDataException>(() => HolidayCalendar.Load(directory.FullName));
            Assert.Contains("holidays-2028.json", misnamed.Message, StringComparison.Ordinal);
            Assert.Throws<DirectoryNotFoundException>(() => HolidayCalendar.Load(Path.Combine(directory.FullName, "missing")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void FromJsonReadsSeveralYears()
    {
        var calendar = HolidayCalendar.FromJson(
        [
            Doc(2030, Day("2030-01-01", "Tết Dương lịch"), Day("2030-01-05")),
            Doc(2029, Day("2029-01-01")),
        ]);

        Assert.Equal(new[] { 2029, 2030 }, calendar.Years);
        Assert.Equal("Tết Dương lịch", calendar.HolidayName(D(2030, 1, 1)));
        Assert.False(calendar.IsWorkingDay(D(2030, 1, 1)));
        Assert.True(calendar.IsWorkingDay(D(2030, 1, 5)));    // Saturday listed as a working day
        Assert.False(calendar.IsWorkingDay(D(2029, 1, 1)));
    }

    [Fact]
    public void AWorkingWeekendDaysListMayBeLeftOut()
    {
        var calendar = HolidayCalendar.FromJson(
            ["""{ "year": 2030, "sources": ["test"], "holidays": [ { "date": "2030-09-02", "name": "Quốc khánh" } ] }"""]);

        Assert.True(calendar.IsHoliday(D(2030, 9, 2)));
    }

    [Fact]
    public void ADateOutsideTheDocumentsYearIsRejected()
    {
        var ex = Assert.Throws<InvalidDataException>(() => HolidayCalendar.FromJson([Doc(2030, Day("2031-01-01"))]));
        Assert.Contains("2031-01-01", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2030", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADuplicateHolidayDateIsRejected()
    {
        var ex = Assert.Throws<InvalidDataException>(
            () => HolidayCalendar.FromJson([Doc(2030, Day("2030-01-01") + "," + Day("2030-01-01"))]));
        Assert.Contains("listed twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADateThatIsBothHolidayAndWorkingDayIsRejected()
    {
        var ex = Assert.Throws<InvalidDataException>(
            () => HolidayCalendar.FromJson([Doc(2030, Day("2030-01-05"), Day("2030-01-05"))]));
        Assert.Contains("2030-01-05", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWorkingWeekendDayOnAWeekdayIsRejected()
    {
        var ex = Assert.Throws<InvalidDataException>(
            () => HolidayCalendar.FromJson([Doc(2030, Day("2030-01-01"), Day("2030-01-07"))]));
        Assert.Contains("Saturday or Sunday", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoDocumentsForTheSameYearAreRejected()
    {
        var ex = Assert.Throws<InvalidDataException>(
            () => HolidayCalendar.FromJson([Doc(2030, Day("2030-01-01")), Doc(2030, Day("2030-09-02"))]));
        Assert.Contains("2030", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{ "year": 2030, "sources": ["t"], "holidays": [ { "date": "01/01/2030", "name": "x" } ] }""")]
    [InlineData("""{ "year": 2030, "sources": ["t"], "holidays": [ { "date": "2030-01-01" } ] }""")]
    [InlineData("""{ "year": 2030, "sources": ["t"], "holiday": [] }""")]
    [InlineData("""{ "year": 2030, "sources": [], "holidays": [] }""")]
    [InlineData("""{ "sources": ["t"], "holidays": [] }""")]
    [InlineData("null")]
    public void MalformedDocumentsAreRejectedWithInvalidDataException(string json)
    {
        Assert.Throws<InvalidDataException>(() => HolidayCalendar.FromJson([json]));
    }
}
