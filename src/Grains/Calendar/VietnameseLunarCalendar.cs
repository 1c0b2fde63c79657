namespace MotCua.Grains.Calendar;

/// <summary>A date of the Vietnamese lunar calendar: day, month (1–12), lunar year, and whether the month is leap.</summary>
public readonly record struct LunarDate(int Day, int Month, int Year, bool IsLeapMonth);

/// <summary>
/// The Vietnamese lunar calendar (âm lịch), computed astronomically for Vietnam's meridian (UTC+7), after the method
/// Hồ Ngọc Đức published ("Thuật toán tính âm lịch"): new moons and sun longitudes from Jean Meeus' "Astronomical
/// Algorithms" (1998); a month starts on the day (in UTC+7) of its new moon; month 11 holds the winter solstice; a year
/// with 13 months repeats the first month with no major solar term (trung khí).
/// </summary>
/// <remarks>
/// It is not the Chinese calendar: that one is computed for UTC+8, so a new moon between 16:00 and 17:00 UTC falls on
/// different days and the two calendars differ in some months (Tết 2007 was 17 February in Vietnam, 18 in China; Tết
/// 2030 is 2 February in Vietnam, 3 in China). Valid for 1800–2199, where the approximations keep well under a day.
/// Pure functions; thread-safe.
/// </remarks>
public static class VietnameseLunarCalendar
{
    /// <summary>Vietnam's time zone, in hours east of UTC.</summary>
    public const double TimeZone = 7.0;

    private const double SynodicMonth = 29.530588853;
    private const double NewMoonEpoch = 2415021.076998695; // the new moon of 1 January 1900, as a Julian day

    /// <summary>The Gregorian date of a lunar date, or null if the year has no such leap month.</summary>
    public static DateOnly? ToSolar(LunarDate lunar)
    {
        ValidateYear(lunar.Year);
        double a11, b11;
        if (lunar.Month < 11)
        {
            a11 = LunarMonth11(lunar.Year - 1);
            b11 = LunarMonth11(lunar.Year);
        }
        else
        {
            a11 = LunarMonth11(lunar.Year);
            b11 = LunarMonth11(lunar.Year + 1);
        }

        var k = Floor(0.5 + ((a11 - NewMoonEpoch) / SynodicMonth));
        var offset = lunar.Month - 11;
        if (offset < 0)
        {
            offset += 12;
        }

        if (b11 - a11 > 365)
        {
            var leapOffset = LeapMonthOffset(a11);
            var leapMonth = leapOffset - 2;
            if (leapMonth <= 0)
            {
                leapMonth += 12;
            }

            if (lunar.IsLeapMonth && lunar.Month != leapMonth)
            {
                return null;
            }

            if (lunar.IsLeapMonth || offset >= leapOffset)
            {
                offset += 1;
            }
        }
        else if (lunar.IsLeapMonth)
        {
            return null;
        }

        var monthStart = NewMoonDay(k + offset);
        return FromJulianDay(monthStart + lunar.Day - 1);
    }

    /// <summary>The lunar date of a Gregorian date.</summary>
    public static LunarDate FromSolar(DateOnly date)
    {
        ValidateYear(date.Year);
        var dayNumber = JulianDay(date);
        var k = Floor((dayNumber - NewMoonEpoch) / SynodicMonth);
        var monthStart = NewMoonDay(k + 1);
        if (monthStart > dayNumber)
        {
            monthStart = NewMoonDay(k);
        }

        var a11 = LunarMonth11(date.Year);
        var b11 = a11;
        int lunarYear;
        if (a11 >= monthStart)
        {
            lunarYear = date.Year;
            a11 = LunarMonth11(date.Year - 1);
        }
        else
        {
            lunarYear = date.Year + 1;
            b11 = LunarMonth11(date.Year + 1);
        }

        var lunarDay = (int)(dayNumber - monthStart + 1);
        var diff = Floor((monthStart - a11) / 29);
        var leap = false;
        var lunarMonth = diff + 11;
        if (b11 - a11 > 365)
        {
            var leapMonthDiff = LeapMonthOffset(a11);
            if (diff >= leapMonthDiff)
            {
                lunarMonth = diff + 10;
                leap = diff == leapMonthDiff;
            }
        }

        if (lunarMonth > 12)
        {
            lunarMonth -= 12;
        }

        if (lunarMonth >= 11 && diff < 4)
        {
            lunarYear -= 1;
        }

        return new LunarDate(lunarDay, lunarMonth, lunarYear, leap);
    }

    /// <summary>Tết: the Gregorian date of the first day of the first month of the lunar year that begins in <paramref name="year"/>.</summary>
    public static DateOnly NewYear(int year) => ToSolar(new LunarDate(1, 1, year, false))!.Value;

    private static void ValidateYear(int year) =>
        ArgumentOutOfRangeException.ThrowIfNotEqual(year is >= 1800 and <= 2199, true, nameof(year));

    private static int Floor(double value) => (int)Math.Floor(value);

    /// <summary>The Julian day number of a Gregorian date.</summary>
    private static double JulianDay(DateOnly date)
    {
        var a = (14 - date.Month) / 12;
        var y = date.Year + 4800 - a;
        var m = date.Month + (12 * a) - 3;
        return date.Day + (((153 * m) + 2) / 5) + (365 * y) + (y / 4) - (y / 100) + (y / 400) - 32045;
    }

    private static DateOnly FromJulianDay(double julianDay)
    {
        var jd = (int)julianDay;
        var a = jd + 32044;
        var b = ((4 * a) + 3) / 146097;
        var c = a - (b * 146097 / 4);
        var d = ((4 * c) + 3) / 1461;
        var e = c - (1461 * d / 4);
        var m = ((5 * e) + 2) / 153;
        var day = e - (((153 * m) + 2) / 5) + 1;
        var month = m + 3 - (12 * (m / 10));
        var year = (b * 100) + d - 4800 + (m / 10);
        return new DateOnly(year, month, day);
    }

    /// <summary>The instant (Julian day, UTC) of the k-th new moon after 1 January 1900 (Meeus, chapter 49, shortened).</summary>
    private static double NewMoon(int k)
    {
        var t = k / 1236.85;
        var t2 = t * t;
        var t3 = t2 * t;
        const double dr = Math.PI / 180;
        var jd1 = 2415020.75933 + (29.53058868 * k) + (0.0001178 * t2) - (0.000000155 * t3);
        jd1 += 0.00033 * Math.Sin((166.56 + (132.87 * t) - (0.009173 * t2)) * dr);
        var m = 359.2242 + (29.10535608 * k) - (0.0000333 * t2) - (0.00000347 * t3);
        var mpr = 306.0253 + (385.81691806 * k) + (0.0107306 * t2) + (0.00001236 * t3);
        var f = 21.2964 + (390.67050646 * k) - (0.0016528 * t2) - (0.00000239 * t3);
        var c1 = ((0.1734 - (0.000393 * t)) * Math.Sin(m * dr)) + (0.0021 * Math.Sin(2 * dr * m));
        c1 = c1 - (0.4068 * Math.Sin(mpr * dr)) + (0.0161 * Math.Sin(dr * 2 * mpr));
        c1 -= 0.0004 * Math.Sin(dr * 3 * mpr);
        c1 = c1 + (0.0104 * Math.Sin(dr * 2 * f)) - (0.0051 * Math.Sin(dr * (m + mpr)));
        c1 = c1 - (0.0074 * Math.Sin(dr * (m - mpr))) + (0.0004 * Math.Sin(dr * ((2 * f) + m)));
        c1 = c1 - (0.0004 * Math.Sin(dr * ((2 * f) - m))) - (0.0006 * Math.Sin(dr * ((2 * f) + mpr)));
        c1 = c1 + (0.0010 * Math.Sin(dr * ((2 * f) - mpr))) + (0.0005 * Math.Sin(dr * ((2 * mpr) + m)));
        var deltaT = t < -11
            ? 0.001 + (0.000839 * t) + (0.0002261 * t2) - (0.00000845 * t3) - (0.000000081 * t * t3)
            : -0.000278 + (0.000265 * t) + (0.000262 * t2);
        return jd1 + c1 - deltaT;
    }

    /// <summary>The sun's apparent longitude in radians (0 to 2π) at a Julian day (Meeus, chapter 25, low precision).</summary>
    private static double SunLongitude(double julianDay)
    {
        var t = (julianDay - 2451545.0) / 36525;
        var t2 = t * t;
        const double dr = Math.PI / 180;
        var m = 357.52910 + (35999.05030 * t) - (0.0001559 * t2) - (0.00000048 * t * t2);
        var l0 = 280.46645 + (36000.76983 * t) + (0.0003032 * t2);
        var dl = (1.914600 - (0.004817 * t) - (0.000014 * t2)) * Math.Sin(dr * m);
        dl += ((0.019993 - (0.000101 * t)) * Math.Sin(dr * 2 * m)) + (0.000290 * Math.Sin(dr * 3 * m));
        var l = (l0 + dl) * dr;
        return l - (Math.PI * 2 * Math.Floor(l / (Math.PI * 2)));
    }

    /// <summary>Which of the 12 30° sectors the sun is in at the start of a day (local midnight in UTC+7).</summary>
    private static int SunSector(double dayNumber) => Floor(SunLongitude(dayNumber - 0.5 - (TimeZone / 24)) / Math.PI * 6);

    /// <summary>The day (Julian day number, in UTC+7) of the k-th new moon.</summary>
    private static double NewMoonDay(int k) => Math.Floor(NewMoon(k) + 0.5 + (TimeZone / 24));

    /// <summary>The first day of the lunar month that holds the winter solstice of <paramref name="year"/>.</summary>
    private static double LunarMonth11(int year)
    {
        var off = JulianDay(new DateOnly(year, 12, 31)) - 2415021;
        var k = Floor(off / SynodicMonth);
        var newMoon = NewMoonDay(k);
        return SunSector(newMoon) >= 9 ? NewMoonDay(k - 1) : newMoon;
    }

    /// <summary>In a 13-month year starting at month 11 <paramref name="a11"/>, how many months after it the leap month comes.</summary>
    private static int LeapMonthOffset(double a11)
    {
        var k = Floor(((a11 - NewMoonEpoch) / SynodicMonth) + 0.5);
        var i = 1;
        var arc = SunSector(NewMoonDay(k + i));
        int last;
        do
        {
            last = arc;
            i++;
            arc = SunSector(NewMoonDay(k + i));
        }
        while (arc != last && i < 14);

        return i - 1;
    }
}
