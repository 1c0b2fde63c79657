using MotCua.Grains.Calendar;
using MotCua.Grains.Interfaces.Dossiers;

namespace MotCua.Grains.Dossiers;

/// <summary>
/// The due-date rules of a dossier, on a <see cref="WorkingDayClock"/>: the clock runs against the agency only while the
/// dossier is accepted or processing; time spent waiting for the applicant (a supplement, a payment) moves the due date
/// later by the working time it took; overdue is derived, never stored as a status.
/// </summary>
public sealed class DossierDeadline(WorkingDayClock clock)
{
    /// <summary>How close to the due date an officer may apologise before it passes: one working day.</summary>
    public static readonly TimeSpan ApologyWindow = WorkingDayClock.WorkingDayLength;

    /// <summary>The due date of a dossier accepted at <paramref name="acceptedAt"/> for a procedure of so many working days.</summary>
    public DateTimeOffset DueAt(DateTimeOffset acceptedAt, int workingDays) => clock.AddWorkingDays(acceptedAt, workingDays);

    /// <summary>True if the agency's clock runs in <paramref name="status"/> and <paramref name="now"/> is past the due date.</summary>
    public static bool IsOverdue(DossierStatus status, DateTimeOffset? dueAt, DateTimeOffset now) =>
        DossierStateMachine.ClockRunningStatuses.Contains(status) && dueAt is { } due && now > due;

    /// <summary>
    /// True if an officer may apologise now: the clock runs, and the dossier is overdue or due within one working day.
    /// </summary>
    public bool IsApologyDue(DossierStatus status, DateTimeOffset? dueAt, DateTimeOffset now) =>
        DossierStateMachine.ClockRunningStatuses.Contains(status) && dueAt is { } due
        && (now > due || clock.WorkingTimeBetween(now, due) <= ApologyWindow);

    /// <summary>
    /// The due date after a pause from <paramref name="pausedAt"/> to <paramref name="resumedAt"/>: later by the working
    /// time of the pause (unchanged if the pause held no working time).
    /// </summary>
    public DateTimeOffset AfterPause(DateTimeOffset dueAt, DateTimeOffset pausedAt, DateTimeOffset resumedAt)
    {
        var paused = clock.WorkingTimeBetween(pausedAt, resumedAt);
        return paused == TimeSpan.Zero ? dueAt : clock.AddWorkingTime(dueAt, paused);
    }
}
