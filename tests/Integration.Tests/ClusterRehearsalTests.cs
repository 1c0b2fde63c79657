using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MotCua.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MotCua.Integration.Tests;

/// <summary>
/// The peak-period rehearsal on one machine: 3 silos and 2 API nodes on PostgreSQL under continuous fee-payment
/// load; a silo is added, one is stopped gracefully, one is killed with SIGKILL. Every step of every fee is retried
/// with its own Idempotency-Key until it is acknowledged, as a portal or agent would.
/// </summary>
[Collection("postgres")]
public sealed partial class ClusterRehearsalTests(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);
    private const string Channel = "vnpost:HN-0001";

    // Steady load rather than a flood: 4 workers, each pausing between fees, leave the 2 cores room for silos to start.
    private static readonly TimeSpan PaceBetweenFees = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task PaymentsKeepFlowingWhileSilosJoinLeaveAndDie()
    {
        var database = await postgres.CreateDatabaseAsync($"rehearsal_{Guid.NewGuid():N}"[..24]);
        var cluster = $"rehearsal-{Guid.NewGuid():N}";
        var nodes = new List<SiloProcess>();
        try
        {
            var silos = new[] { "silo-1", "silo-2", "silo-3" }.Select(n => SiloProcess.Start(n, database, SiloPorts.Free(), cluster)).ToList();
            nodes.AddRange(silos);
            await Task.WhenAll(silos.Select(s => s.WaitReadyAsync(StartTimeout)));
            var apis = new[] { "api-1", "api-2" }.Select(n => SiloProcess.StartApiNode(n, database, SiloPorts.FreePort(), cluster)).ToList();
            nodes.AddRange(apis);
            await Task.WhenAll(apis.Select(a => a.WaitReadyAsync(StartTimeout)));
            var load = new FeeLoad(apis);

            // Continuous load: fees filed, accepted, asked, paid and collected, until the chaos is over and a little after.
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 4).Select(w => load.RunWorkerAsync(w, stop.Token)).ToList();

            await Task.Delay(TimeSpan.FromSeconds(3));
            var joined = SiloProcess.Start("silo-4", database, SiloPorts.Free(), cluster);
            nodes.Add(joined);
            await joined.WaitReadyAsync(StartTimeout);
            load.Mark("silo-4 joined");

            await Task.Delay(TimeSpan.FromSeconds(3));
            load.Mark("silo-2 stopping");
            await silos[1].StopAsync(TimeSpan.FromSeconds(60));
            load.Mark("silo-2 stopped");

            await Task.Delay(TimeSpan.FromSeconds(3));
            var killedAt = load.Mark("silo-3 killed");
            await silos[2].KillAsync();

            await Task.Delay(TimeSpan.FromSeconds(12));
            await stop.CancelAsync();
            await Task.WhenAll(workers);

            foreach (var line in load.Report())
            {
                output.WriteLine(line);
            }

            foreach (var node in nodes)
            {
                foreach (var line in node.Output.Split('\n').Where(l => l.Contains("Transient cluster error", StringComparison.Ordinal)
                             || l.Contains("Unhandled error", StringComparison.Ordinal) || l.Contains("Exception:", StringComparison.Ordinal)).Take(8))
                {
                    output.WriteLine($"{node.Name}: {line.Trim()}");
                }
            }

            var afterKill = load.Steps.Where(s => s.Start >= killedAt - 15).Select(s => s.Seconds).DefaultIfEmpty().Max();
            output.WriteLine($"slowest step started around or after the kill: {afterKill:F1} s, retries included");

            // Nothing gave up, and failures happened only after the kill, each cured by a retry with the same key.
            Assert.Empty(load.GaveUp);
            Assert.True(load.Acknowledged.Count >= 20, $"Only {load.Acknowledged.Count} fees were paid during the rehearsal.");
            Assert.All(load.Failures, f => Assert.True(f.At >= killedAt,
                $"{f.Step} failed at {f.At:F1}s, before the kill at {killedAt:F1}s: {f.What}"));

            // Every acknowledged payment is there exactly once, and the money adds up.
            using var portal = apis[0].ClientFor("dev-portal");
            using var agent = apis[1].ClientFor("dev-agent-vnpost-HN0001");
            // A collection interrupted by the kill after the payment's own write is acknowledged; its saga tells the
            // dossier on the next reminder tick (period 1 min), so the dossiers are awaited, and the wait reported.
            var converging = Stopwatch.StartNew();
            foreach (var fee in load.Acknowledged.Values)
            {
                var dossier = await WaitForAsync(async () => await portal.GetAsync($"/v1/dossiers/{fee.Code}").ExpectAsync(HttpStatusCode.OK),
                    d => (string?)d["status"] == "processing", TimeSpan.FromSeconds(150));
                Assert.Equal("processing", (string?)dossier["status"]);
                var payment = Assert.Single(dossier["payments"]!.AsArray())!;
                Assert.Equal(fee.PaymentId, (string?)payment["id"]);
                Assert.Equal("succeeded", (string?)payment["status"]);
                Assert.Equal(fee.PaymentId, (string?)dossier["fees"]![0]!["paidByPaymentId"]);
            }

            output.WriteLine($"every dossier caught up with its payment {converging.Elapsed.TotalSeconds:F1} s after the load stopped");
            var channel = await agent.GetAsync($"/v1/channels/{Channel}").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(load.Acknowledged.Values.Sum(f => f.Amount), (long)channel["position"]!);
            Assert.Equal(load.Acknowledged.Count, (int)channel["openWindow"]!["count"]!);

            // The operator sees what happened: the stopped and the killed silo are no longer active; every đồng is accounted for.
            using var operatorClient = apis[0].ClientFor("dev-operator");
            var audit = await WaitForAsync(async () => await operatorClient.GetAsync("/v1/ledger/audit").ExpectAsync(HttpStatusCode.OK),
                a => (long)a["accounts"]!["revenue:SXD:charge"]! == -load.Acknowledged.Values.Sum(f => f.Amount), TimeSpan.FromSeconds(60));
            Assert.Equal(0, (long)audit["total"]!);
            Assert.Equal(-load.Acknowledged.Values.Sum(f => f.Amount), (long)audit["accounts"]!["revenue:SXD:charge"]!);
            var view = await WaitForAsync(async () => await operatorClient.GetAsync("/v1/cluster").ExpectAsync(HttpStatusCode.OK),
                v => (int)v["activeSilos"]! == 2, TimeSpan.FromSeconds(60));
            Assert.Equal(2, (int)view["activeSilos"]!);
            AssertSiloStatus(view, silos[0], "active");
            AssertSiloStatus(view, joined, "active");
            AssertSiloStatus(view, silos[1], "dead");
            AssertSiloStatus(view, silos[2], "dead");
            Assert.True((int)view["activations"]! > 0);
            output.WriteLine($"/v1/cluster: {view.ToJsonString()}");

            // /metrics shows what happened too. Counters live in each process, so the stopped and the killed silo took
            // theirs with them (Prometheus keeps what it scraped before): the survivors show their share of the payments.
            var survivors = new[] { silos[0], joined };
            var scraped = new List<string>();
            foreach (var silo in survivors)
            {
                using var scraper = silo.ClientFor("dev-operator");
                var text = await scraper.RawAsync("/metrics");
                scraped.Add(text);
                output.WriteLine($"{silo.Name} /metrics: motcua_payments_total{{cash,succeeded}} = {Prometheus(text, "motcua_payments_total", ("method", "cash"), ("outcome", "succeeded"))}, "
                    + $"motcua_payment_amount_VND_total = {Prometheus(text, "motcua_payment_amount_VND_total", ("method", "cash"), ("outcome", "succeeded"))}, "
                    + $"payment_requested→processing = {Prometheus(text, "motcua_dossier_transitions_total", ("from", "payment_requested"), ("to", "processing"))}, "
                    + $"orleans_catalog_activations = {Prometheus(text, "orleans_catalog_activations")}");
            }

            var paidOnSurvivors = scraped.Sum(t => Prometheus(t, "motcua_payments_total", ("method", "cash"), ("outcome", "succeeded")));
            Assert.True(paidOnSurvivors >= 1, "No surviving silo counted a cash payment that succeeded.");
            Assert.True(scraped.Sum(t => Prometheus(t, "motcua_payment_amount_VND_total", ("method", "cash"), ("outcome", "succeeded"))) >= 10_000,
                "No surviving silo counted the money of a cash payment.");
            Assert.True(scraped.Sum(t => Prometheus(t, "motcua_dossier_transitions_total", ("from", "payment_requested"), ("to", "processing"))) >= 1,
                "No surviving silo counted a dossier going back to processing once paid.");
            Assert.True(Prometheus(scraped[1], "orleans_catalog_activations") > 0, "The joined silo shows no activations.");

            // Each API node saw the stopped and the killed silo go: it is connected to the two gateways left.
            foreach (var api in apis)
            {
                using var scraper = api.ClientFor("dev-operator");
                var text = await WaitForTextAsync(() => scraper.RawAsync("/metrics"),
                    t => Prometheus(t, "orleans_client_connected_gateways") == 2, TimeSpan.FromSeconds(60));
                Assert.Equal(2, Prometheus(text, "orleans_client_connected_gateways"));
                output.WriteLine($"{api.Name} /metrics: orleans_client_connected_gateways = 2, "
                    + $"motcua_idempotency_replays_total = {Prometheus(text, "motcua_idempotency_replays_total")}, "
                    + $"http 5xx answered = {Prometheus(text, "http_server_request_duration_seconds_count", ("http_response_status_code", "500"))}");
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>The silo's rows in <c>GET /v1/cluster</c> (one per generation: its silo port is its own) all have <paramref name="status"/>.</summary>
    private static void AssertSiloStatus(JsonNode view, SiloProcess silo, string status)
    {
        var rows = view["silos"]!.AsArray().Where(s => ((string)s!["address"]!).Contains($":{silo.Ports.Silo}@", StringComparison.Ordinal)).ToList();
        Assert.True(rows.Count > 0, $"{silo.Name} (silo port {silo.Ports.Silo}) is not in /v1/cluster: {view.ToJsonString()}");
        Assert.All(rows, row => Assert.Equal(status, (string?)row!["status"]));
    }

    private static async Task<string> WaitForTextAsync(Func<Task<string>> read, Func<string, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = await read();
        while (!done(last) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            last = await read();
        }

        return last;
    }

    /// <summary>The sum of the Prometheus samples of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    private static double Prometheus(string exposition, string name, params (string Key, string Value)[] labels)
    {
        var total = 0d;
        foreach (Match sample in PrometheusSample().Matches(exposition))
        {
            if (sample.Groups["name"].Value != name)
            {
                continue;
            }

            var found = PrometheusLabel().Matches(sample.Groups["labels"].Value).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
            if (labels.All(l => found.TryGetValue(l.Key, out var v) && v == l.Value))
            {
                total += double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>(?:[^""}]|""(?:[^""\\]|\\.)*"")*)\})? (?<value>[^ \n]+)", RegexOptions.Multiline)]
    private static partial Regex PrometheusSample();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex PrometheusLabel();

    private static async Task<JsonNode> WaitForAsync(Func<Task<JsonNode>> read, Func<JsonNode, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = await read();
        while (!done(last) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            last = await read();
        }

        return last;
    }

    /// <summary>One fee's path through the API, each step retried with its own key until acknowledged.</summary>
    private sealed class FeeLoad(IReadOnlyList<SiloProcess> apis)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly ConcurrentQueue<string> _marks = new();
        private int _next;

        public ConcurrentDictionary<int, PaidFee> Acknowledged { get; } = new();

        public ConcurrentBag<Failure> Failures { get; } = [];

        public ConcurrentBag<string> GaveUp { get; } = [];

        /// <summary>Each acknowledged step: when it started and how long it took, retries included.</summary>
        public ConcurrentBag<(double Start, double Seconds)> Steps { get; } = [];

        public double Mark(string what)
        {
            var at = _clock.Elapsed.TotalSeconds;
            _marks.Enqueue($"{at,6:F1}s {what}");
            return at;
        }

        public IEnumerable<string> Report()
        {
            var failures = Failures.OrderBy(f => f.At).ToList();
            yield return $"{Acknowledged.Count} fees paid; {failures.Count} failed attempts, all retried";
            foreach (var mark in _marks)
            {
                yield return mark;
            }

            var steps = Steps.OrderBy(s => s.Seconds).Select(s => s.Seconds).ToList();
            if (steps.Count > 0)
            {
                yield return $"{steps.Count} steps: median {steps[steps.Count / 2] * 1000:F0} ms, slowest {steps[^1]:F1} s (retries included)";
            }

            if (failures.Count > 0)
            {
                yield return $"failures from {failures[0].At:F1}s to {failures[^1].At:F1}s";
            }

            foreach (var failure in failures.Take(20))
            {
                yield return $"  {failure.At,6:F1}s {failure.Step}: {failure.What}";
            }
        }

        public async Task RunWorkerAsync(int worker, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref _next);
                var api = apis[i % apis.Count];
                using var portal = api.ClientFor("dev-portal");
                using var officer = apis[(i + 1) % apis.Count].ClientFor("dev-officer-SXD");
                using var agent = api.ClientFor("dev-agent-vnpost-HN0001");
                var amount = 10_000L + i;
                var filed = await StepAsync($"file-{i}", () => portal.PostAsync("/v1/dossiers", Http.Filing(), $"file-{i}"), HttpStatusCode.Created);
                if (filed is null)
                {
                    return;
                }

                var code = (string)filed["code"]!;
                if (await StepAsync($"accept-{i}", () => officer.PostAsync($"/v1/dossiers/{code}/accept", null, $"acc-{i}"), HttpStatusCode.OK) is null
                    || await StepAsync($"fee-{i}", () => officer.PostAsync($"/v1/dossiers/{code}/request-payment", Http.Fee(amount), $"fee-{i}"), HttpStatusCode.OK) is null)
                {
                    return;
                }

                var payment = await StepAsync($"pay-{i}", () => portal.PostAsync("/v1/payments", new { dossierCode = code, method = "cash" }, $"pay-{i}"), HttpStatusCode.Created);
                if (payment is null)
                {
                    return;
                }

                var collected = await StepAsync($"collect-{i}", () => agent.PostAsync($"/v1/channels/{Channel}/collections",
                    new { reference = (string)payment["reference"]!, amount, receiptNumber = $"BL-{i}" }, $"col-{i}"), HttpStatusCode.Created);
                if (collected is null)
                {
                    return;
                }

                Acknowledged[i] = new PaidFee(code, (string)payment["id"]!, amount);
                await Task.Delay(PaceBetweenFees, CancellationToken.None);
            }
        }

        private async Task<JsonNode?> StepAsync(string step, Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
        {
            var started = _clock.Elapsed;
            var deadline = started + GiveUpAfter;
            while (_clock.Elapsed < deadline)
            {
                try
                {
                    using var response = await send();
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == expected)
                    {
                        Steps.Add((started.TotalSeconds, (_clock.Elapsed - started).TotalSeconds));
                        return JsonNode.Parse(text);
                    }

                    Failures.Add(new Failure(step, _clock.Elapsed.TotalSeconds, $"{(int)response.StatusCode} {Truncate(text)}"));
                    if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.Conflict)
                    {
                        GaveUp.Add($"{step}: {(int)response.StatusCode} {text}");
                        return null;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Failures.Add(new Failure(step, _clock.Elapsed.TotalSeconds, ex.GetType().Name));
                }

                await Task.Delay(250);
            }

            GaveUp.Add($"{step}: still failing after {GiveUpAfter}");
            return null;
        }

        private static string Truncate(string text) => text.Length <= 160 ? text : text[..160];
    }

    private sealed record PaidFee(string Code, string PaymentId, long Amount);

    private sealed record Failure(string Step, double At, string What);
}
