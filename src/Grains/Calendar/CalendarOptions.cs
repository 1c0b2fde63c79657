namespace MotCua.Grains.Calendar;

/// <summary>Where the holiday calendars come from (configuration section <c>MotCua:Calendar</c>).</summary>
public sealed class CalendarOptions
{
    public const string Section = "MotCua:Calendar";

    /// <summary>
    /// A directory of <c>holidays-{year}.json</c> files, read at start beside the shipped ones (a file there replaces the
    /// shipped file of its year). Empty: the shipped files only.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>Fewer days of announced calendar left than this and readiness reports degraded (default 60).</summary>
    public int AnnouncedWarningDays { get; set; } = 60;
}
