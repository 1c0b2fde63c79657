using System.Globalization;
using MotCua.Grains.Calendar;

namespace MotCua.Grains.Tests;

/// <summary>
/// The lunar calendar against published dates.
/// Sources: Tết (mùng 1 tháng Giêng) 1990–2040 as tabulated by the Hong Kong Observatory's "Gregorian-Lunar Calendar
/// Conversion Table" (https://www.hko.gov.hk/en/gts/time/conversion.htm) for the Chinese calendar, with the two years of
/// the range where Vietnam's calendar (UTC+7) differs, as published in Vietnam: 2007 (Tết Đinh Hợi on 17 February 2007,
/// China 18 February) and 2030 (Tết Canh Tuất on 2 February 2030, China 3 February), see Hồ Ngọc Đức, "Âm lịch Việt Nam"
/// (https://www.informatik.uni-leipzig.de/~duc/amlich/) and scienceinfo.net, "Why is the Vietnamese and Chinese New Year a
/// day different?" (quoting Hoàng Xuân Hãn). Hùng Kings' day (10/3 âm lịch) from the Ministry of Labour's and Ministry of
/// Home Affairs' yearly holiday notices (2018–2026), the 2025 and 2026 ones being in src/Grains/Data.
/// </summary>
public sealed class VietnameseLunarCalendarTests
{
    public static TheoryData<int, string> TetDates() => new()
    {
        { 1990, "1990-01-27" }, { 1991, "1991-02-15" }, { 1992, "1992-02-04" }, { 1993, "1993-01-23" }, { 1994, "1994-02-10" },
        { 1995, "1995-01-31" }, { 1996, "1996-02-19" }, { 1997, "1997-02-07" }, { 1998, "1998-01-28" }, { 1999, "1999-02-16" },
        { 2000, "2000-02-05" }, { 2001, "2001-01-24" }, { 2002, "2002-02-12" }, { 2003, "2003-02-01" }, { 2004, "2004-01-22" },
        { 2005, "2005-02-09" }, { 2006, "2006-01-29" }, { 2007, "2007-02-17" }, { 2008, "2008-02-07" }, { 2009, "2009-01-26" },
        { 2010, "2010-02-14" }, { 2011, "2011-02-03" }, { 2012, "2012-01-23" }, { 2013, "2013-02-10" }, { 2014, "2014-01-31" },
        { 2015, "2015-02-19" }, { 2016, "2016-02-08" }, { 2017, "2017-01-28" }, { 2018, "2018-02-16" }, { 2019, "2019-02-05" },
        { 2020, "2020-01-25" }, { 2021, "2021-02-12" }, { 2022, "2022-02-01" }, { 2023, "2023-01-22" }, { 2024, "2024-02-10" },
        { 2025, "2025-01-29" }, { 2026, "2026-02-17" }, { 2027, "2027-02-06" }, { 2028, "2028-01-26" }, { 2029, "2029-02-13" },
        { 2030, "2030-02-02" }, { 2031, "2031-01-23" }, { 2032, "2032-02-11" }, { 2033, "2033-01-31" }, { 2034, "2034-02-19" },
        { 2035, "2035-02-08" }, { 2036, "2036-01-28" }, { 2037, "2037-02-15" }, { 2038, "2038-02-04" }, { 2039, "2039-01-24" },
        { 2040, "2040-02-12" },
    };

    [Theory]
    [MemberData(nameof(TetDates))]
    public void TetFallsOnThePublishedDate(int year, string expected)
    {
        var tet = VietnameseLunarCalendar.NewYear(year);

        Assert.Equal(D(expected), tet);
        Assert.Equal(new LunarDate(1, 1, year, false), VietnameseLunarCalendar.FromSolar(tet));
        Assert.NotEqual(1, VietnameseLunarCalendar.FromSolar(tet.AddDays(-1)).Day);
    }

    [Theory]
    [InlineData(2018, "2018-04-25")]
    [InlineData(2019, "2019-04-14")]
    [InlineData(2020, "2020-04-02")]
    [InlineData(2021, "2021-04-21")]
    [InlineData(2022, "2022-04-10")]
    [InlineData(2023, "2023-04-29")]
    [InlineData(2024, "2024-04-18")]
    [InlineData(2025, "2025-04-07")]
    [InlineData(2026, "2026-04-26")]
    public void HungKingsDayFallsOnThePublishedDate(int year, string expected)
    {
        Assert.Equal(D(expected), VietnameseLunarCalendar.ToSolar(new LunarDate(10, 3, year, false)));
        Assert.Equal(new LunarDate(10, 3, year, false), VietnameseLunarCalendar.FromSolar(D(expected)));
    }

    [Fact]
    public void TheVietnameseCalendarIsNotTheChineseOneIn2007And2030()
    {
        // 18 February 2007 is mùng 2 Tết in Vietnam (mùng 1 in China); 3 February 2030 likewise.
        Assert.Equal(new LunarDate(2, 1, 2007, false), VietnameseLunarCalendar.FromSolar(D("2007-02-18")));
        Assert.Equal(new LunarDate(2, 1, 2030, false), VietnameseLunarCalendar.FromSolar(D("2030-02-03")));
    }

    [Fact]
    public void ALeapMonthIsFoundAndOnlyInItsYear()
    {
        // 2023 (Quý Mão) had a leap second month (tháng 2 nhuận) from 20 March to 18 April 2023.
        Assert.Equal(new LunarDate(1, 2, 2023, true), VietnameseLunarCalendar.FromSolar(D("2023-03-22")));
        Assert.Equal(D("2023-03-22"), VietnameseLunarCalendar.ToSolar(new LunarDate(1, 2, 2023, true)));
        Assert.Null(VietnameseLunarCalendar.ToSolar(new LunarDate(1, 2, 2024, true)));
    }

    [Fact]
    public void EveryDayOfFiftyYearsRoundTrips()
    {
        for (var date = D("1990-01-01"); date < D("2041-01-01"); date = date.AddDays(1))
        {
            var lunar = VietnameseLunarCalendar.FromSolar(date);
            Assert.InRange(lunar.Day, 1, 30);
            Assert.Equal(date, VietnameseLunarCalendar.ToSolar(lunar));
        }
    }

    private static DateOnly D(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
