namespace MotCua.Bench.LoadGen;

/// <summary>Latency samples (microseconds) per name; percentiles by sorting at the end (a run holds at most a few million).</summary>
public sealed class LatencyRecorder
{
    private readonly Dictionary<string, List<long>> _samples = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Record(string name, TimeSpan elapsed)
    {
        var micros = (long)(elapsed.Ticks / (TimeSpan.TicksPerMillisecond / 1000.0));
        lock (_gate)
        {
            if (!_samples.TryGetValue(name, out var list))
            {
                _samples[name] = list = new List<long>(1 << 16);
            }

            list.Add(micros);
        }
    }

    public Dictionary<string, LatencySummary> Summaries()
    {
        lock (_gate)
        {
            return _samples.ToDictionary(p => p.Key, p => LatencySummary.Of(p.Value));
        }
    }
}

/// <summary>Count and percentiles in milliseconds.</summary>
public sealed record LatencySummary(long Count, double P50, double P90, double P99, double P999, double Max, double Mean)
{
    public static LatencySummary Of(List<long> micros)
    {
        if (micros.Count == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
        }

        var sorted = micros.ToArray();
        Array.Sort(sorted);
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)] / 1000.0;
        return new LatencySummary(sorted.Length, At(0.50), At(0.90), At(0.99), At(0.999), sorted[^1] / 1000.0, sorted.Average() / 1000.0);
    }
}
