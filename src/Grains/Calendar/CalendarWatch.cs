using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MotCua.Grains.Diagnostics;

namespace MotCua.Grains.Calendar;

/// <summary>
/// Watches how far the announced holiday calendar reaches: the gauge <c>motcua_calendar_announced_until</c> (Unix time,
/// in seconds, of the end of the last announced day in Vietnam time) and a warning at start when fewer than
/// <see cref="CalendarOptions.AnnouncedWarningDays"/> days are left; the silo's readiness check reads
/// <see cref="DaysLeft"/>.
/// </summary>
public sealed partial class CalendarWatch : IHostedService
{
    private readonly HolidayCalendar _calendar;
    private readonly TimeProvider _time;
    private readonly ILogger<CalendarWatch> _logger;

    public CalendarWatch(HolidayCalendar calendar, TimeProvider time, IOptions<CalendarOptions> options,
        IMeterFactory meters, ILogger<CalendarWatch> logger)
    {
        _calendar = calendar;
        _time = time;
        _logger = logger;
        WarningDays = Math.Max(0, options.Value.AnnouncedWarningDays);
        meters.Create(GrainMetrics.MeterName).CreateObservableGauge("motcua.calendar.announced_until", () => AnnouncedUntilUnixSeconds,
            unit: null, description: "End of the last day of announced holiday calendar (Unix seconds); later dates use the statutory holidays.");
    }

    /// <summary>Fewer whole days than this left and the calendar needs attention.</summary>
    public int WarningDays { get; }

    /// <summary>The end of the last announced day (midnight +07:00 after it) as Unix seconds; 0 when nothing is announced.</summary>
    public long AnnouncedUntilUnixSeconds => _calendar.AnnouncedUntil is { } until
        ? new DateTimeOffset(until.AddDays(1).ToDateTime(TimeOnly.MinValue), WorkingDayClock.VietnamOffset).ToUnixTimeSeconds()
        : 0;

    /// <summary>Whole days from today (Vietnam time) to the last announced day; negative once it has passed.</summary>
    public int DaysLeft
    {
        get
        {
            var today = DateOnly.FromDateTime(_time.GetUtcNow().ToOffset(WorkingDayClock.VietnamOffset).DateTime);
            return _calendar.AnnouncedUntil is { } until ? until.DayNumber - today.DayNumber : -1;
        }
    }

    /// <summary>The last announced day, or null.</summary>
    public DateOnly? AnnouncedUntil => _calendar.AnnouncedUntil;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (DaysLeft < WarningDays)
        {
            LogShortCalendar(_logger, _calendar.AnnouncedUntil?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "none", DaysLeft);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The announced holiday calendar ends {AnnouncedUntil} ({DaysLeft} days left): "
        + "later due dates use the statutory holidays of Labour Code 2019 Article 112 until the year's holidays-{{year}}.json is added to MotCua:Calendar:Directory.")]
    private static partial void LogShortCalendar(ILogger logger, string announcedUntil, int daysLeft);
}
