namespace MotCua.Sandbox.Payments;

/// <summary>Statements cover a calendar day in Vietnam (UTC+07:00, no daylight saving).</summary>
public static class VietnamTime
{
    /// <summary>Vietnam's offset from UTC.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The Vietnamese calendar day <paramref name="at"/> falls on.</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);

    /// <summary>Noon of <paramref name="date"/> in Vietnam.</summary>
    public static DateTimeOffset NoonOf(DateOnly date) => new(date.ToDateTime(new TimeOnly(12, 0)), Offset);
}
