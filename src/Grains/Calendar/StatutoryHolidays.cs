namespace MotCua.Grains.Calendar;

/// <summary>A day off of a year's calendar: the date and its name.</summary>
public readonly record struct CalendarDay(DateOnly Date, string Name);

/// <summary>
/// The holidays the law itself fixes for a year, for years whose calendar the government has not announced yet:
/// Labour Code 2019 (45/2019/QH14) Article 112(1), with Article 111(3)'s compensatory day off.
/// </summary>
/// <remarks>
/// <para>Article 112(1): New Year's Day (1/1); five days of Tết; the Hùng Kings' day (10/3 lunar); 30/4; 1/5; and National
/// Day, 2/9 with one day before or after it. The Prime Minister picks the five Tết days and the day beside 2/9 each year;
/// until the announcement this computes the usual choice:</para>
/// <list type="bullet">
/// <item>Tết: the last day of the old lunar year and the first four days of the new one (as announced for 2026).</item>
/// <item>2/9: the day after when 2/9 is a Monday or a Thursday (the break joins a weekend, as announced for 2021 and
/// 2024), otherwise the day before (2022, 2023, 2025, 2026).</item>
/// </list>
/// <para>Article 111(3): a holiday that falls on a weekly day off (Saturday or Sunday in the civil service) gives a day off
/// on the next working day. No swapped working days (làm bù) are computed: only an announcement makes those.</para>
/// </remarks>
public static class StatutoryHolidays
{
    /// <summary>The marker every statutory name carries, so that a reader sees the date was computed, not announced.</summary>
    public const string Marker = "theo Bộ luật Lao động, chưa có thông báo";

    /// <summary>The statutory days off of <paramref name="year"/>, compensatory days included, in date order.</summary>
    public static IReadOnlyList<CalendarDay> For(int year)
    {
        var days = new SortedDictionary<DateOnly, string>();
        void Add(DateOnly date, string name) => days.Add(date, $"{name} ({Marker})");

        Add(new DateOnly(year, 1, 1), "Tết Dương lịch");

        var tet = VietnameseLunarCalendar.NewYear(year);
        var lunarYear = CanChi(year);
        Add(tet.AddDays(-1), "Tết Nguyên Đán (ngày cuối năm âm lịch)");
        for (var i = 0; i < 4; i++)
        {
            Add(tet.AddDays(i), $"Tết Nguyên Đán (mùng {i + 1} Tết {lunarYear})");
        }

        var hungKings = VietnameseLunarCalendar.ToSolar(new LunarDate(10, 3, year, false))!.Value;
        Add(hungKings, "Giỗ Tổ Hùng Vương (10/3 âm lịch)");
        Add(new DateOnly(year, 4, 30), "Ngày Chiến thắng");
        Add(new DateOnly(year, 5, 1), "Ngày Quốc tế Lao động");
        var nationalDay = new DateOnly(year, 9, 2);
        Add(nationalDay, "Quốc khánh");
        if (nationalDay.DayOfWeek is DayOfWeek.Monday or DayOfWeek.Thursday)
        {
            Add(nationalDay.AddDays(1), "Quốc khánh (ngày liền kề sau 2/9)");
        }
        else
        {
            Add(nationalDay.AddDays(-1), "Quốc khánh (ngày liền kề trước 2/9)");
        }

        // Article 111(3): each holiday on a Saturday or Sunday gives the next working day off, in date order.
        foreach (var (date, name) in days.Where(d => IsWeekend(d.Key)).ToList())
        {
            var compensatory = date.AddDays(1);
            while (IsWeekend(compensatory) || days.ContainsKey(compensatory))
            {
                compensatory = compensatory.AddDays(1);
            }

            Add(compensatory, $"Nghỉ bù {date.ToString("dd'/'MM", System.Globalization.CultureInfo.InvariantCulture)} ({name[..name.IndexOf(" (", StringComparison.Ordinal)]})");
        }

        return days.Select(d => new CalendarDay(d.Key, d.Value)).ToList();
    }

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>The lunar year's name in the sexagenary cycle (e.g. Đinh Mùi for the year beginning in 2027).</summary>
    public static string CanChi(int year)
    {
        string[] stems = ["Canh", "Tân", "Nhâm", "Quý", "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ"];
        string[] branches = ["Thân", "Dậu", "Tuất", "Hợi", "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi"];
        return $"{stems[year % 10]} {branches[year % 12]}";
    }
}
