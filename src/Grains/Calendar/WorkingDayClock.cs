namespace MotCua.Grains.Calendar;

/// <summary>
/// Counts working time the way a dossier's appointment date is computed: Vietnam time (fixed +07:00,
/// no daylight saving), working hours 07:00–11:30 and 13:30–17:00 (8 hours) on the working days of a
/// <see cref="HolidayCalendar"/>.
/// </summary>
/// <remarks>
/// Instants given with any offset (UTC included) are first converted to Vietnam time; results carry the
/// +07:00 offset. Working hours are half-open: 07:00 and 13:30 are inside, 11:30 and 17:00 are not.
/// Long spans cost one step per calendar day, not per minute. An instance is immutable and thread-safe.
/// </remarks>
public sealed class WorkingDayClock
{
    /// <summary>Vietnam's UTC offset (Indochina Time), the same all year.</summary>
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>Working time in one working day: 4 h 30 min in the morning and 3 h 30 min in the afternoon.</summary>
    public static readonly TimeSpan WorkingDayLength = TimeSpan.FromHours(8);

    private static readonly Session[] Sessions =
    [
        new(new TimeSpan(7, 0, 0), new TimeSpan(11, 30, 0)),
        new(new TimeSpan(13, 30, 0), new TimeSpan(17, 0, 0)),
    ];

    private readonly HolidayCalendar calendar;

    /// <summary>Creates a clock over <paramref name="calendar"/>.</summary>
    public WorkingDayClock(HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        this.calendar = calendar;
    }

    /// <summary>
    /// The instant at which <paramref name="days"/> working days (of 8 hours each) have passed since
    /// <paramref name="start"/>; the same as <see cref="AddWorkingTime"/> with <c>days × 8 h</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is negative.</exception>
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        return AddWorkingTime(start, WorkingDayLength * days);
    }

    /// <summary>
    /// The earliest instant by which <paramref name="workingTime"/> of working time has passed since
    /// <paramref name="start"/>, expressed with the +07:00 offset.
    /// </summary>
    /// <remarks>
    /// <paramref name="start"/> may be outside working hours: counting begins at the next working minute
    /// (a start at 12:00 counts from 13:30, a start on Saturday from Monday 07:00). When the time runs out
    /// exactly at the end of a session the result is that end (11:30 or 17:00), not the start of the next
    /// session. A zero <paramref name="workingTime"/> returns <paramref name="start"/> itself.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingTime"/> is negative.</exception>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan workingTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingTime, TimeSpan.Zero);

        var local = start.ToOffset(VietnamOffset);
        if (workingTime == TimeSpan.Zero)
        {
            return local;
        }

        var date = DateOnly.FromDateTime(local.DateTime);
        var timeOfDay = local.TimeOfDay;
        var remaining = workingTime;

        // The first day may be partial; every later day starts at midnight.
        while (true)
        {
            if (calendar.IsWorkingDay(date))
            {
                if (timeOfDay == TimeSpan.Zero && remaining > WorkingDayLength)
                {
                    remaining -= WorkingDayLength;
                }
                else
                {
                    foreach (var session in Sessions)
                    {
                        if (timeOfDay >= session.End)
                        {
                            continue;
                        }

                        var from = timeOfDay > session.Start ? timeOfDay : session.Start;
                        var available = session.End - from;
                        if (remaining <= available)
                        {
                            return At(date, from + remaining);
                        }

                        remaining -= available;
                    }
                }
            }

            date = date.AddDays(1);
            timeOfDay = TimeSpan.Zero;
        }
    }

    /// <summary>
    /// The working time between two instants: the part of [<paramref name="from"/>, <paramref name="to"/>)
    /// that lies within working hours on working days; zero if <paramref name="to"/> is not after
    /// <paramref name="from"/>. For any start and non-negative time,
    /// <c>WorkingTimeBetween(start, AddWorkingTime(start, time)) == time</c>.
    /// </summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var localFrom = from.ToOffset(VietnamOffset);
        var localTo = to.ToOffset(VietnamOffset);
        var fromDate = DateOnly.FromDateTime(localFrom.DateTime);
        var toDate = DateOnly.FromDateTime(localTo.DateTime);

        if (fromDate == toDate)
        {
            return calendar.IsWorkingDay(fromDate)
                ? WorkedBefore(localTo.TimeOfDay) - WorkedBefore(localFrom.TimeOfDay)
                : TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        if (calendar.IsWorkingDay(fromDate))
        {
            total += WorkingDayLength - WorkedBefore(localFrom.TimeOfDay);
        }

        for (var date = fromDate.AddDays(1); date < toDate; date = date.AddDays(1))
        {
            if (calendar.IsWorkingDay(date))
            {
                total += WorkingDayLength;
            }
        }

        if (calendar.IsWorkingDay(toDate))
        {
            total += WorkedBefore(localTo.TimeOfDay);
        }

        return total;
    }

    /// <summary>True if <paramref name="date"/> is a working day of the calendar.</summary>
    public bool IsWorkingDay(DateOnly date) => calendar.IsWorkingDay(date);

    /// <summary>
    /// True if <paramref name="instant"/>, in Vietnam time, falls on a working day within 07:00–11:30 or
    /// 13:30–17:00 (start inclusive, end exclusive).
    /// </summary>
    public bool IsWithinWorkingHours(DateTimeOffset instant)
    {
        var local = instant.ToOffset(VietnamOffset);
        if (!calendar.IsWorkingDay(DateOnly.FromDateTime(local.DateTime)))
        {
            return false;
        }

        var timeOfDay = local.TimeOfDay;
        return Sessions.Any(s => timeOfDay >= s.Start && timeOfDay < s.End);
    }

    /// <summary>Working time in a working day from midnight up to <paramref name="timeOfDay"/>.</summary>
    private static TimeSpan WorkedBefore(TimeSpan timeOfDay)
    {
        var worked = TimeSpan.Zero;
        foreach (var session in Sessions)
        {
            if (timeOfDay > session.Start)
            {
                worked += (timeOfDay < session.End ? timeOfDay : session.End) - session.Start;
            }
        }

        return worked;
    }

    private static DateTimeOffset At(DateOnly date, TimeSpan timeOfDay) =>
        new(date.ToDateTime(TimeOnly.MinValue) + timeOfDay, VietnamOffset);

    private readonly record struct Session(TimeSpan Start, TimeSpan End);
}
