using System.Collections.Concurrent;
using System.Diagnostics;

namespace MotCua.Bench.LoadGen;

/// <summary>How a run offers load.</summary>
/// <param name="Concurrency">Closed loop: this many callers, each starting its next operation when the last one ends.</param>
/// <param name="Rate">Open loop (when above 0): operations started per second on a fixed schedule, whatever the answers
/// take; latency counts from the scheduled start, so a stalled server is not hidden (no coordinated omission).</param>
public sealed record LoadShape(int Concurrency, double Rate, TimeSpan Warmup, TimeSpan Duration, int MaxInFlight);

/// <summary>The outcome of one run, written as JSON for the report.</summary>
public sealed record RunResult(
    string Label,
    string Target,
    string Scenario,
    string Mode,
    int Concurrency,
    double OfferedRate,
    double Seconds,
    long Completed,
    long Errors,
    double Throughput,
    LatencySummary Latency,
    Dictionary<string, long> ErrorsByKind,
    Dictionary<string, LatencySummary> Steps,
    long Collections,
    long CollectedAmount,
    bool PoolExhausted);

/// <summary>Runs one operation repeatedly, closed-loop or open-loop, and measures it.</summary>
public sealed class Runner(BenchClient client)
{
    private readonly LatencyRecorder _latency = new();
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _completed;
    private long _failed;
    private long _collections;
    private long _collectedAmount;
    private long _measuredCollections;
    private long _measuredAmount;
    private volatile bool _measuring;

    /// <summary>Set by an operation when it has nothing left to work on (its dossier pool is used up).</summary>
    public volatile bool Exhausted;

    /// <summary>Every collection made during the run (also during warm-up), for the invariant check.</summary>
    public (long Count, long Amount) AllCollections => (Interlocked.Read(ref _collections), Interlocked.Read(ref _collectedAmount));

    public void CountCollection(long amount)
    {
        Interlocked.Increment(ref _collections);
        Interlocked.Add(ref _collectedAmount, amount);
        if (_measuring)
        {
            Interlocked.Increment(ref _measuredCollections);
            Interlocked.Add(ref _measuredAmount, amount);
        }
    }

    public async Task<RunResult> RunAsync(string label, string target, string scenario, LoadShape shape, Func<Task> operation)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(shape.Warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(shape.Duration.TotalSeconds * Stopwatch.Frequency);
        _ = Task.Run(async () =>
        {
            await Task.Delay(shape.Warmup);
            _measuring = true;
            client.Recording = true;
        });

        if (shape.Rate > 0)
        {
            await OpenLoopAsync(shape, operation, start, measureFrom, end);
        }
        else
        {
            var workers = Enumerable.Range(0, shape.Concurrency).Select(_ => Task.Run(async () =>
            {
                while (Stopwatch.GetTimestamp() < end && !Exhausted)
                {
                    await ExecuteAsync(operation, Stopwatch.GetTimestamp(), measureFrom, end, closedLoop: true);
                }
            }));
            await Task.WhenAll(workers);
        }

        client.Recording = false;
        _measuring = false;
        var measuredSeconds = Math.Max(0.001, (Math.Min(Stopwatch.GetTimestamp(), end) - measureFrom) / (double)Stopwatch.Frequency);
        var completed = Interlocked.Read(ref _completed);
        var summaries = _latency.Summaries();
        return new RunResult(label, target, scenario, shape.Rate > 0 ? "open" : "closed", shape.Concurrency, shape.Rate,
            Math.Round(measuredSeconds, 2), completed, Interlocked.Read(ref _failed), Math.Round(completed / measuredSeconds, 1),
            summaries.GetValueOrDefault("op") ?? LatencySummary.Of([]),
            new Dictionary<string, long>(_errors), client.Steps.Summaries(),
            Interlocked.Read(ref _measuredCollections), Interlocked.Read(ref _measuredAmount), Exhausted);
    }

    private async Task OpenLoopAsync(LoadShape shape, Func<Task> operation, long start, long measureFrom, long end)
    {
        var inFlight = new ConcurrentDictionary<Task, byte>();
        var running = 0;
        var interval = Stopwatch.Frequency / shape.Rate;
        for (long i = 0; ; i++)
        {
            var due = start + (long)(i * interval);
            if (due >= end || Exhausted)
            {
                break;
            }

            var wait = due - Stopwatch.GetTimestamp();
            if (wait > Stopwatch.Frequency / 1000)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency));
            }

            if (Volatile.Read(ref running) >= shape.MaxInFlight)
            {
                // The server is so far behind that the generator would only queue: counted as a failure at that time.
                if (due >= measureFrom)
                {
                    Interlocked.Increment(ref _failed);
                    _errors.AddOrUpdate("generator:backlog", 1, (_, n) => n + 1);
                }

                continue;
            }

            Interlocked.Increment(ref running);
            var scheduled = due;
            var task = Task.Run(async () =>
            {
                try
                {
                    await ExecuteAsync(operation, scheduled, measureFrom, long.MaxValue, closedLoop: false);
                }
                finally
                {
                    Interlocked.Decrement(ref running);
                }
            });
            inFlight[task] = 0;
            _ = task.ContinueWith(t => inFlight.TryRemove(t, out _), TaskScheduler.Default);
        }

        await Task.WhenAll(inFlight.Keys.ToArray());
    }

    /// <summary>
    /// Closed loop counts what completes inside the measured window (an operation may start during warm-up: with
    /// multi-second operations nothing would count otherwise); open loop counts what was scheduled inside it.
    /// </summary>
    private async Task ExecuteAsync(Func<Task> operation, long scheduled, long measureFrom, long end, bool closedLoop)
    {
        try
        {
            await operation();
            var done = Stopwatch.GetTimestamp();
            if ((closedLoop ? done >= measureFrom : scheduled >= measureFrom) && done <= end)
            {
                Interlocked.Increment(ref _completed);
                _latency.Record("op", Stopwatch.GetElapsedTime(scheduled, done));
            }
        }
        catch (PoolExhaustedException)
        {
            Exhausted = true;
        }
        catch (BenchFailure failure)
        {
            if (closedLoop ? Stopwatch.GetTimestamp() >= measureFrom : scheduled >= measureFrom)
            {
                Interlocked.Increment(ref _failed);
                _errors.AddOrUpdate(failure.Key, 1, (_, n) => n + 1);
            }
        }
    }
}

/// <summary>Thrown when a scenario has used every prepared dossier.</summary>
public sealed class PoolExhaustedException : Exception;
