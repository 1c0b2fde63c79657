using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MotCua.Bench.LoadGen;

// MotCua load generator. Commands (all take --base http://host:port):
//   run      --scenario lifecycle|payment|read [--concurrency N | --rate R] --duration S --warmup S --label L --out FILE
//            [--pool FILE] [--read-path /v1/dossiers/] [--counts FILE] [--target motcua|baseline|trivial]
//   prepare  --count N --concurrency C --pool FILE [--append]   dossiers filed, accepted and asked for the fee (status 6)
//   check    --counts FILE --out FILE                            ledger audit 0 and channel totals = collections made
// Common: --agents N (bench agent keys bench-agent-NNNN, channel vnpost:BENCH-NNNN), --centres N.
var options = Options.Parse(args);
var command = args.Length > 0 ? args[0] : "help";
var client = new BenchClient(new Uri(options.Get("base", "http://127.0.0.1:6080")), options.Int("agents", 256), options.Int("centres", 100));
var json = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

switch (command)
{
    case "run":
        return await RunAsync();
    case "prepare":
        return await PrepareAsync();
    case "check":
        return await CheckAsync();
    default:
        Console.Error.WriteLine("usage: MotCua.Bench.LoadGen run|prepare|check [--option value ...] (see bench/README.md)");
        return 2;
}

async Task<int> RunAsync()
{
    var scenario = options.Get("scenario", "lifecycle");
    var shape = new LoadShape(options.Int("concurrency", 32), options.Double("rate", 0),
        TimeSpan.FromSeconds(options.Double("warmup", 5)), TimeSpan.FromSeconds(options.Double("duration", 30)), options.Int("max-in-flight", 2000));
    var runner = new Runner(client);
    var pool = options.Has("pool") ? await File.ReadAllLinesAsync(options.Get("pool", "")) : [];
    var poolIndex = options.Int("pool-offset", 0) - 1;
    var readPath = options.Get("read-path", "/v1/dossiers/");
    Func<Task> operation = scenario switch
    {
        "lifecycle" => async () =>
        {
            var code = await client.FileAsync();
            await client.AcceptAsync(code);
            await client.RequestPaymentAsync(code);
            var payment = await client.CreateCashPaymentAsync(code);
            runner.CountCollection(await client.CollectAsync(payment));
            await client.ReadDossierAsync(code, "processing");
        },
        "payment" => async () =>
        {
            var i = Interlocked.Increment(ref poolIndex);
            if (i >= pool.Length)
            {
                throw new PoolExhaustedException();
            }

            var payment = await client.CreateCashPaymentAsync(pool[i]);
            runner.CountCollection(await client.CollectAsync(payment));
        },
        "read" when options.Has("read-all") => () =>
        {
            var i = Interlocked.Increment(ref poolIndex);
            return i < pool.Length ? client.ReadDossierAsync(pool[i], null, readPath) : throw new PoolExhaustedException();
        },
        "read" => () => client.ReadDossierAsync(pool[Random.Shared.Next(pool.Length)], null, readPath),
        _ => throw new ArgumentException($"unknown scenario {scenario}"),
    };
    if (scenario is "payment" or "read" && pool.Length == 0)
    {
        throw new ArgumentException("--pool with prepared dossier codes is required for this scenario");
    }

    var label = options.Get("label", scenario);
    Console.Error.WriteLine($"[loadgen] {label}: {scenario} {(shape.Rate > 0 ? $"open {shape.Rate}/s" : $"closed x{shape.Concurrency}")} for {shape.Duration.TotalSeconds}s");
    var result = await runner.RunAsync(label, options.Get("target", "motcua"), scenario, shape, operation);
    var (count, amount) = runner.AllCollections;
    if (options.Has("counts") && count > 0)
    {
        await File.AppendAllTextAsync(options.Get("counts", ""), $"{count} {amount}\n");
    }

    if (options.Has("pool-used"))
    {
        await File.WriteAllTextAsync(options.Get("pool-used", ""), Math.Min(pool.Length, poolIndex + 1).ToString(CultureInfo.InvariantCulture));
    }

    await File.WriteAllTextAsync(options.Get("out", $"{label}.json"), JsonSerializer.Serialize(result, json));
    Console.Error.WriteLine($"[loadgen] {label}: {result.Throughput}/s p50 {result.Latency.P50} p99 {result.Latency.P99} ms, "
        + $"{result.Completed} ok, {result.Errors} errors {string.Join(",", result.ErrorsByKind.Select(e => $"{e.Key}={e.Value}"))}");
    return result.Completed > 0 || options.Has("read-all") ? 0 : 1;
}

async Task<int> PrepareAsync()
{
    var count = options.Int("count", 1000);
    var concurrency = options.Int("concurrency", 32);
    var poolFile = options.Get("pool", "pool.txt");
    var seconds = options.Double("max-seconds", 0);
    var deadline = seconds > 0 ? Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency) : long.MaxValue;
    var codes = new System.Collections.Concurrent.ConcurrentQueue<string>();
    var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
    var next = -1;
    var started = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        while (Interlocked.Increment(ref next) < count && Stopwatch.GetTimestamp() < deadline)
        {
            try
            {
                var code = await client.FileAsync();
                await client.AcceptAsync(code);
                await client.RequestPaymentAsync(code);
                codes.Enqueue(code);
            }
            catch (BenchFailure failure)
            {
                failures.AddOrUpdate(failure.Key, 1, (_, n) => n + 1);
            }
        }
    })));

    var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
    if (options.Has("append"))
    {
        await File.AppendAllLinesAsync(poolFile, codes);
    }
    else
    {
        await File.WriteAllLinesAsync(poolFile, codes);
    }

    Console.Error.WriteLine($"[loadgen] prepared {codes.Count} dossiers in status payment_requested in {elapsed:F1}s "
        + $"({codes.Count / elapsed:F0}/s), failures: {string.Join(",", failures.Select(f => $"{f.Key}={f.Value}"))}");
    return failures.IsEmpty ? 0 : 1;
}

async Task<int> CheckAsync()
{
    long expectedCount = 0, expectedAmount = 0;
    if (options.Has("counts") && File.Exists(options.Get("counts", "")))
    {
        foreach (var line in await File.ReadAllLinesAsync(options.Get("counts", "")))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2)
            {
                expectedCount += long.Parse(parts[0], CultureInfo.InvariantCulture);
                expectedAmount += long.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }
    }

    using var audit = await client.GetAsync("/v1/ledger/audit", BenchClient.OperatorKey);
    var auditTotal = audit.RootElement.GetProperty("total").GetInt64();
    long channelCount = 0, channelTotal = 0;
    var agents = options.Int("agents", 256);
    for (var i = 0; i < agents; i++)
    {
        try
        {
            using var channel = await client.GetAsync($"/v1/channels/{BenchClient.AgentChannel(i)}", BenchClient.OperatorKey);
            var window = channel.RootElement.GetProperty("openWindow");
            channelCount += window.GetProperty("count").GetInt64();
            channelTotal += window.GetProperty("total").GetInt64();
        }
        catch (BenchFailure failure) when (failure.Key.Contains(":404:", StringComparison.Ordinal))
        {
            // A channel that never collected does not exist in the baseline.
        }
    }

    var ok = auditTotal == 0 && channelCount == expectedCount && channelTotal == expectedAmount;
    var report = new
    {
        target = options.Get("target", "motcua"),
        ledgerAuditTotal = auditTotal,
        collectionsMadeByLoadGen = expectedCount,
        amountCollectedByLoadGen = expectedAmount,
        collectionsOnChannels = channelCount,
        amountOnChannels = channelTotal,
        ok,
    };
    await File.WriteAllTextAsync(options.Get("out", "check.json"), JsonSerializer.Serialize(report, json));
    Console.Error.WriteLine($"[loadgen] invariants {(ok ? "hold" : "BROKEN")}: audit total {auditTotal}, collections {channelCount}/{expectedCount}, "
        + $"amount {channelTotal}/{expectedAmount}");
    return ok ? 0 : 1;
}

/// <summary>--name value pairs after the command.</summary>
internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
                values[args[i][2..]] = hasValue ? args[++i] : "true";
            }
        }

        return new Options(values);
    }

    public bool Has(string name) => values.ContainsKey(name);

    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
