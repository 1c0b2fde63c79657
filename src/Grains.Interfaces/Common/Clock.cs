namespace MotCua.Grains.Interfaces.Common;

/// <summary>Vietnam keeps one offset all year (+07:00, no daylight saving).</summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateTimeOffset ToVietnam(this DateTimeOffset instant) => instant.ToOffset(Offset);
}
