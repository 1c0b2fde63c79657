using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using MotCua.Api.Tests.Infrastructure;

namespace MotCua.Api.Tests;

/// <summary>
/// MotCua's own instruments on <c>/metrics</c> after a fee is paid, and one trace from the HTTP request into the grains.
/// Counters are process-wide and other test classes pay fees too, so each check compares before and after and asks
/// for at least this test's share.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class MetricsTests(MotCuaFactory factory)
{
    private const string Collections = "/v1/channels/{channelId}/collections";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ApiClient _portal = new(factory.ClientFor("dev-portal"));
    private readonly ApiClient _officer = new(factory.ClientFor("dev-officer-SXD"));
    private readonly ApiClient _agent = new(factory.ClientFor("dev-agent-vnpost-HN0001"));
    private readonly HttpClient _scraper = factory.CreateClient();

    [Fact]
    public async Task APaidFeeShowsUpInMotCuasInstrumentsOnMetrics()
    {
        const long amount = 61_000;
        var before = await ScrapeAsync();

        var code = await PaymentRequestedDossierAsync(amount);
        var payment = await ApiClient.JsonAsync(await _portal.PostAsync("/v1/payments", new { dossierCode = code, method = "cash" }),
            HttpStatusCode.Created);
        var collectKey = $"metrics-col-{Guid.NewGuid():N}";
        var collection = new { reference = (string)payment["reference"]!, amount, receiptNumber = "BL-METRICS-1" };
        await ApiClient.JsonAsync(await _agent.PostAsync("/v1/channels/vnpost:HN-0001/collections", collection, collectKey), HttpStatusCode.Created);
        // The agent's software did not hear the answer and sends the same request again: a replay.
        var replay = await _agent.PostAsync("/v1/channels/vnpost:HN-0001/collections", collection, collectKey);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", Assert.Single(replay.Headers.GetValues("Idempotent-Replayed")));

        // The exporter caches a scrape for a moment: await the figures rather than read them once.
        var after = await WaitForScrapeAsync(now =>
            Value(now, "motcua_payments_total", ("method", "cash"), ("outcome", "succeeded"))
                >= Value(before, "motcua_payments_total", ("method", "cash"), ("outcome", "succeeded")) + 1
            && Value(now, "motcua_idempotency_replays_total", ("route", Collections))
                >= Value(before, "motcua_idempotency_replays_total", ("route", Collections)) + 1);

        Assert.Contains("# TYPE motcua_payments_total counter", after, StringComparison.Ordinal);
        Assert.True(Value(after, "motcua_payments_total", ("method", "cash"), ("outcome", "succeeded"))
            >= Value(before, "motcua_payments_total", ("method", "cash"), ("outcome", "succeeded")) + 1);
        Assert.True(Value(after, "motcua_payment_amount_VND_total", ("method", "cash"), ("outcome", "succeeded"))
            >= Value(before, "motcua_payment_amount_VND_total", ("method", "cash"), ("outcome", "succeeded")) + amount);
        foreach (var (from, to) in new[] { ("none", "submitted"), ("submitted", "accepted"), ("accepted", "payment_requested"), ("payment_requested", "processing") })
        {
            Assert.True(Value(after, "motcua_dossier_transitions_total", ("from", from), ("to", to))
                >= Value(before, "motcua_dossier_transitions_total", ("from", from), ("to", to)) + 1, $"no {from} → {to} counted");
        }

        Assert.True(Value(after, "motcua_idempotency_replays_total", ("route", Collections))
            >= Value(before, "motcua_idempotency_replays_total", ("route", Collections)) + 1);
        // Ids and references never become labels: they would make a series per payment.
        Assert.DoesNotContain(code, after, StringComparison.Ordinal);
        Assert.DoesNotContain((string)payment["id"]!, after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATraceGoesFromTheHttpRequestIntoTheGrains()
    {
        var code = await PaymentRequestedDossierAsync(12_000);
        var traceId = ActivityTraceId.CreateRandom();
        var grainSpans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    grainSpans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/dossiers/{code}");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await _portal.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The grain call's spans stop as the call returns; await them rather than assume they are there.
        var deadline = DateTime.UtcNow + Patience;
        while (grainSpans.Count(a => a.Source.Name == "Microsoft.Orleans.Application") < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        // The caller's side of the grain call and the grain's side, both in the request's trace.
        foreach (var kind in new[] { ActivityKind.Client, ActivityKind.Server })
        {
            Assert.Contains(grainSpans, a => a.Source.Name == "Microsoft.Orleans.Application" && a.Kind == kind
                && a.DisplayName.StartsWith("IDossierGrain/", StringComparison.Ordinal));
        }
    }

    private async Task<string> PaymentRequestedDossierAsync(long amount)
    {
        var filed = await ApiClient.JsonAsync(await _portal.PostAsync("/v1/dossiers", ApiClient.Filing()), HttpStatusCode.Created);
        var code = (string)filed["code"]!;
        await ApiClient.JsonAsync(await _officer.PostAsync($"/v1/dossiers/{code}/accept", null), HttpStatusCode.OK);
        await ApiClient.JsonAsync(await _officer.PostAsync($"/v1/dossiers/{code}/request-payment",
            new { items = new[] { new { kind = "charge", name = "Lệ phí", amount } } }), HttpStatusCode.OK);
        return code;
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await _scraper.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<string> WaitForScrapeAsync(Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        var text = await ScrapeAsync();
        while (!done(text) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            text = await ScrapeAsync();
        }

        return text;
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    private static double Value(string exposition, string name, params (string Key, string Value)[] labels)
    {
        var total = 0d;
        foreach (Match sample in Sample().Matches(exposition))
        {
            if (sample.Groups["name"].Value != name)
            {
                continue;
            }

            var found = Label().Matches(sample.Groups["labels"].Value).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
            if (labels.All(l => found.TryGetValue(l.Key, out var v) && v == l.Value))
            {
                total += double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>(?:[^""}]|""(?:[^""\\]|\\.)*"")*)\})? (?<value>[^ \n]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
