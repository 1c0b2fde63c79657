using Microsoft.Extensions.Diagnostics.HealthChecks;
using MotCua.Grains.Calendar;

namespace MotCua.Silo.Hosting;

/// <summary>Degraded when fewer than <see cref="CalendarWatch.WarningDays"/> days of announced holiday calendar remain.</summary>
public sealed class CalendarReadyCheck(CalendarWatch watch) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var until = watch.AnnouncedUntil?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "none";
        return Task.FromResult(watch.DaysLeft < watch.WarningDays
            ? HealthCheckResult.Degraded($"the announced holiday calendar ends {until}, {watch.DaysLeft} days from today; "
                + "add the next year's holidays-{year}.json to MotCua:Calendar:Directory")
            : HealthCheckResult.Healthy($"announced holiday calendar until {until}"));
    }
}
