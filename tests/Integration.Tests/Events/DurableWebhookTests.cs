using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using MotCua.Integration.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Integration.Tests.Events;

/// <summary>
/// Domain events through the PostgreSQL stream provider with two silo processes: a fee paid in cash gives one signed
/// webhook delivery, and killing a silo in the middle of a run of paid fees loses no <c>payment.succeeded</c>.
/// </summary>
[Collection("postgres")]
public sealed class DurableWebhookTests(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    /// <summary>Webhook retries within seconds and a 5-second stream lease, so a test sees retries and redelivery quickly.</summary>
    private static Dictionary<string, string> QuickRetries() => new()
    {
        ["MotCua__Webhooks__RetrySchedule__0"] = "00:00:01",
        ["MotCua__Webhooks__RetrySchedule__1"] = "00:00:02",
        ["MotCua__Webhooks__RetrySchedule__2"] = "00:00:05",
        ["MotCua__Streams__LeaseDuration"] = "00:00:05",
    };

    [Fact]
    public async Task TwoSilosDeliverOneSignedWebhookPerPaidFeeAndLoseNoneWhenOneIsKilled()
    {
        var database = await postgres.CreateDatabaseAsync($"hooks_{Guid.NewGuid():N}"[..20]);
        var cluster = $"hooks-{Guid.NewGuid():N}";
        var settings = QuickRetries();
        var deliveries = new ConcurrentQueue<Delivery>();
        await using var receiver = ReceiverApp(deliveries);
        await receiver.StartAsync();
        var hookUrl = new Uri(new Uri(receiver.Urls.First()), "/hook");

        await using var survivor = SiloProcess.Start("hooks-a", database, SiloPorts.Free(), cluster, settings);
        await survivor.WaitReadyAsync(StartTimeout);
        await using var victim = SiloProcess.Start("hooks-b", database, SiloPorts.Free(), cluster, settings);
        await victim.WaitReadyAsync(StartTimeout);

        using var portal = survivor.ClientFor("dev-portal");
        using var officer = survivor.ClientFor("dev-officer-SXD");
        using var agent = survivor.ClientFor("dev-agent-vnpost-HN0001");
        var endpoint = await portal.PostAsync("/v1/webhook-endpoints", new { url = hookUrl.ToString(), events = new[] { "payment.succeeded" } }, "hook-1")
            .ExpectAsync(HttpStatusCode.Created);
        var secret = (string)endpoint["secret"]!;
        Assert.StartsWith("whsec_", secret);

        // One fee paid in cash: one delivery, correctly signed; once the queue is empty it can never come again.
        var first = await PayInCashAsync(portal, officer, agent, "first", 40_000);
        try
        {
            await UntilAsync(() => deliveries.Any(d => d.Source == first), "the first payment.succeeded delivery");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Received: {string.Join(", ", deliveries.Select(d => d.EventId))}; rows queued: "
                + $"{await QueuedRowsAsync(database)}\n--- a ---\n{survivor.Output}\n--- b ---\n{victim.Output}", ex);
        }

        await UntilAsync(async () => await QueuedRowsAsync(database) == 0, "the stream queue to empty");
        var only = Assert.Single(deliveries, d => d.Source == first);
        Assert.Equal("payment.succeeded", only.Type);
        Assert.True(SignatureHolds(only, secret), $"bad signature {only.Signature}");

        // A run of fees with a silo killed in the middle: every payment.succeeded arrives at least once.
        const int Fees = 8;
        var dossiers = new List<string>();
        for (var i = 0; i < Fees; i++)
        {
            dossiers.Add(await DossierAsync(portal, officer, $"run{i}", 10_000 + i));
        }

        var paid = new List<string> { first };
        for (var i = 0; i < Fees; i++)
        {
            if (i == Fees / 2)
            {
                await victim.KillAsync();
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} killed b");
            }

            paid.Add(await PayAsync(portal, agent, dossiers[i], $"run{i}", 10_000 + i));
        }

        try
        {
            await UntilAsync(() => paid.All(p => deliveries.Any(d => d.Source == p && d.Type == "payment.succeeded")),
                "a payment.succeeded delivery for every paid fee");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Missing: {string.Join(", ", paid.Where(p => !deliveries.Any(d => d.Source == p)))}; rows queued: "
                + $"{await QueuedRowsAsync(database)}\n--- a ---\n{survivor.Output}\n--- b ---\n{victim.Output}", ex);
        }
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} all delivered");
        var distinct = deliveries.GroupBy(d => d.EventId).Select(g => g.First()).ToList();
        Assert.Equal(paid.Count, distinct.Count(d => d.Type == "payment.succeeded"));
        Assert.Equal(paid.Order(), distinct.Select(d => d.Source).Order());
        Assert.All(deliveries, d => Assert.True(SignatureHolds(d, secret), $"bad signature {d.Signature}"));
        Assert.Single(deliveries, d => d.Source == first);
        Assert.False(survivor.HasExited, survivor.Output);
        output.WriteLine($"{paid.Count} fees paid, {deliveries.Count} deliveries received, {distinct.Count} distinct events");
    }

    /// <summary>
    /// The issue's "silo killed between the state write and the publish": silo b is told (test-only setting
    /// <c>MotCua:Events:Faults:ExitBeforePublish</c>) to end its process hard right after one of its payment grains has
    /// written a <c>payment.succeeded</c> and before it publishes it. Fees are paid until that happens; the event, which
    /// exists only in the stored outbox of a grain whose silo is gone, still reaches the webhook receiver, once after
    /// dedupe by event id, signed so that an independent HMAC check accepts it. Then the stream's own redelivery: silo c
    /// (test-only <c>MotCua:Streams:ExitAfterLeasing</c>) ends hard right after leasing rows that hold a
    /// <c>payment.succeeded</c>, before delivering them; the surviving silo takes the queue over and delivers those rows
    /// once their lease runs out.
    /// </summary>
    [Fact]
    public async Task EventsOfASiloThatDiesBeforePublishingOrBeforeDeliveringStillArriveOnce()
    {
        var database = await postgres.CreateDatabaseAsync($"crash_{Guid.NewGuid():N}"[..20]);
        var cluster = $"crash-{Guid.NewGuid():N}";
        var settings = QuickRetries();
        var deliveries = new ConcurrentQueue<Delivery>();
        await using var receiver = ReceiverApp(deliveries);
        await receiver.StartAsync();
        var hookUrl = new Uri(new Uri(receiver.Urls.First()), "/hook");

        await using var survivor = SiloProcess.Start("crash-a", database, SiloPorts.Free(), cluster, settings);
        await survivor.WaitReadyAsync(StartTimeout);
        await using var victim = SiloProcess.Start("crash-b", database, SiloPorts.Free(), cluster,
            new Dictionary<string, string>(settings) { ["MotCua__Events__Faults__ExitBeforePublish"] = "payment.succeeded" });
        await victim.WaitReadyAsync(StartTimeout);

        using var portal = survivor.ClientFor("dev-portal");
        using var officer = survivor.ClientFor("dev-officer-SXD");
        using var agent = survivor.ClientFor("dev-agent-vnpost-HN0001");
        var endpoint = await portal.PostAsync("/v1/webhook-endpoints", new { url = hookUrl.ToString(), events = new[] { "payment.succeeded" } }, "hook-1")
            .ExpectAsync(HttpStatusCode.Created);
        var secret = (string)endpoint["secret"]!;

        // Placement decides which silo holds each payment: pay fees until one lands on b, which then dies mid-write.
        const int MaxFees = 16;
        var paid = new List<string>();
        for (var i = 0; i < MaxFees && !victim.HasExited; i++)
        {
            paid.Add(await PayInCashAsync(portal, officer, agent, $"crash{i}", 20_000 + i));
        }

        Assert.True(victim.HasExited, $"No payment of {MaxFees} was placed on silo b, so it never reached the fault:\n{victim.Output}");
        var crashed = CrashedEventId(victim.Output);
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} silo b exited before publishing {crashed}");
        Assert.Contains(paid, p => crashed.StartsWith(p + "#", StringComparison.Ordinal));

        try
        {
            await UntilAsync(() => paid.All(p => deliveries.Any(d => d.Source == p)), "a payment.succeeded delivery for every paid fee");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Missing: {string.Join(", ", paid.Where(p => !deliveries.Any(d => d.Source == p)))}; "
                + $"rows queued: {await QueuedRowsAsync(database)}\n--- a ---\n{survivor.Output}\n--- b ---\n{victim.Output}", ex);
        }

        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} all delivered");
        var distinct = deliveries.GroupBy(d => d.EventId).Select(g => g.First()).ToList();
        var lost = Assert.Single(distinct, d => d.EventId == crashed);
        Assert.Equal("payment.succeeded", lost.Type);
        Assert.True(SignatureHolds(lost, secret), $"bad signature {lost.Signature}");
        Assert.Equal(paid.Order(), distinct.Select(d => d.Source).Order());
        Assert.All(deliveries, d => Assert.True(SignatureHolds(d, secret), $"bad signature {d.Signature}"));
        Assert.False(survivor.HasExited, survivor.Output);
        output.WriteLine($"{paid.Count} fees paid, {deliveries.Count} deliveries received, {distinct.Count} distinct events; "
            + $"{crashed} received {deliveries.Count(d => d.EventId == crashed)} time(s)");

        // A silo that dies holding leased rows: they are delivered by the survivor once their lease runs out.
        await using var holder = SiloProcess.Start("crash-c", database, SiloPorts.Free(), cluster,
            new Dictionary<string, string>(settings) { ["MotCua__Streams__ExitAfterLeasing"] = "Type = payment.succeeded" });
        await holder.WaitReadyAsync(StartTimeout);
        for (var i = 0; i < MaxFees && !holder.HasExited; i++)
        {
            paid.Add(await PayInCashAsync(portal, officer, agent, $"lease{i}", 30_000 + i));
        }

        Assert.True(holder.HasExited, $"No payment.succeeded of {MaxFees} fees was read by silo c, so it never reached the fault:\n{holder.Output}");
        var (exitedAt, leased) = LeasedEventIds(holder.Output);
        output.WriteLine($"{exitedAt:HH:mm:ss.fff} silo c exited holding {string.Join(", ", leased)} (leased for the first time)");
        Assert.NotEmpty(leased);
        try
        {
            await UntilAsync(() => paid.All(p => deliveries.Any(d => d.Source == p)), "a payment.succeeded delivery for every paid fee");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Missing: {string.Join(", ", paid.Where(p => !deliveries.Any(d => d.Source == p)))}; "
                + $"rows queued: {await QueuedRowsAsync(database)}\n--- a ---\n{survivor.Output}\n--- c ---\n{holder.Output}", ex);
        }

        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} all delivered");
        distinct = [.. deliveries.GroupBy(d => d.EventId).Select(g => g.First())];
        Assert.All(leased, id => Assert.Single(distinct, d => d.EventId == id));
        // No silo had delivered those rows before c leased them: what arrived was delivered again by the survivor.
        Assert.All(leased, id => Assert.True(deliveries.First(d => d.EventId == id).ReceivedAt > exitedAt, $"{id} arrived before silo c died"));
        Assert.Equal(paid.Order(), distinct.Select(d => d.Source).Order());
        Assert.All(deliveries, d => Assert.True(SignatureHolds(d, secret), $"bad signature {d.Signature}"));
        Assert.False(survivor.HasExited, survivor.Output);
        output.WriteLine($"{paid.Count} fees paid, {deliveries.Count} deliveries received, {distinct.Count} distinct events");
    }

    /// <summary>When silo c printed its test fault's line (the time <see cref="SiloProcess"/> put before it), and the ids of the
    /// payment.succeeded events it printed as leased.</summary>
    private static (DateTime At, List<string> Ids) LeasedEventIds(string siloOutput)
    {
        var line = siloOutput.Split('\n').FirstOrDefault(l => l.Contains("ExitAfterLeasing: exiting after leasing", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"Silo c exited without the fault's line:\n{siloOutput}");
        var at = DateTime.SpecifyKind(DateTime.UtcNow.Date + TimeSpan.ParseExact(line[..12], @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture),
            DateTimeKind.Utc);
        if (at > DateTime.UtcNow.AddMinutes(1))
        {
            at = at.AddDays(-1); // printed before midnight, read after
        }

        return (at, [.. System.Text.RegularExpressions.Regex.Matches(line, @"Id = (\S+), Source = \S+, Sequence = \d+, Type = payment\.succeeded,")
            .Select(m => m.Groups[1].Value)]);
    }

    /// <summary>The event id silo b printed right before its test fault ended it.</summary>
    private static string CrashedEventId(string siloOutput)
    {
        const string Marker = "exiting before publishing ";
        var line = siloOutput.Split('\n').FirstOrDefault(l => l.Contains(Marker, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"Silo b exited without the fault's line:\n{siloOutput}");
        var start = line.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length;
        return line[start..].Split(' ')[0];
    }

    private sealed record Delivery(string EventId, string Type, string Source, string Body, string Signature)
    {
        public DateTime ReceivedAt { get; } = DateTime.UtcNow;
    }

    private static WebApplication ReceiverApp(ConcurrentQueue<Delivery> deliveries)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var json = JsonNode.Parse(body)!;
            deliveries.Enqueue(new Delivery((string)json["id"]!, (string)json["type"]!, (string)json["source"]!, body,
                request.Headers["MotCua-Signature"].ToString()));
            return Results.Ok();
        });
        return app;
    }

    /// <summary>Checks <c>t=&lt;unix&gt;,v1=&lt;hex&gt;</c> with an HMAC computed here, independently of MotCua's code.</summary>
    private static bool SignatureHolds(Delivery delivery, string secret)
    {
        var parts = delivery.Signature.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1) || !long.TryParse(t, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(t + "." + delivery.Body)));
        return string.Equals(expected, v1, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<string> PayInCashAsync(HttpClient portal, HttpClient officer, HttpClient agent, string tag, long amount) =>
        await PayAsync(portal, agent, await DossierAsync(portal, officer, tag, amount), tag, amount);

    /// <summary>Pays a fee in cash at an agent and returns the event source of the payment (<c>payment:&lt;id&gt;</c>).</summary>
    private static async Task<string> PayAsync(HttpClient portal, HttpClient agent, string dossierCode, string tag, long amount)
    {
        var payment = await ResilientAsync(() => portal.PostAsync("/v1/payments", new { dossierCode, method = "cash" }, $"pay-{tag}"), HttpStatusCode.Created);
        await ResilientAsync(() => agent.PostAsync("/v1/channels/vnpost:HN-0001/collections",
            new { reference = (string)payment["reference"]!, amount, receiptNumber = $"BL-{tag}" }, $"col-{tag}"), HttpStatusCode.Created);
        return $"payment:{payment["id"]}";
    }

    private static async Task<string> DossierAsync(HttpClient portal, HttpClient officer, string tag, long amount)
    {
        var filed = await ResilientAsync(() => portal.PostAsync("/v1/dossiers", Http.Filing(), $"file-{tag}"), HttpStatusCode.Created);
        var code = (string)filed["code"]!;
        await ResilientAsync(() => officer.PostAsync($"/v1/dossiers/{code}/accept", null, $"acc-{tag}"), HttpStatusCode.OK);
        await ResilientAsync(() => officer.PostAsync($"/v1/dossiers/{code}/request-payment", Http.Fee(amount), $"fee-{tag}"), HttpStatusCode.OK);
        return code;
    }

    /// <summary>
    /// Repeats a call (same idempotency key) while the cluster recovers from the kill, as a portal or agent would: 5xx,
    /// transport errors, and 409 <c>idempotency_key_in_use</c> (a first attempt that died with its silo holds the key a few seconds).
    /// </summary>
    private static async Task<JsonNode> ResilientAsync(Func<Task<HttpResponseMessage>> call, HttpStatusCode expected)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            try
            {
                var response = await call();
                var retry = (int)response.StatusCode >= 500
                    || (response.StatusCode == HttpStatusCode.Conflict && (await response.Content.ReadAsStringAsync()).Contains("idempotency_key_in_use"));
                if (!retry)
                {
                    return await Task.FromResult(response).ExpectAsync(expected);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!timeout.IsCancellationRequested)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), timeout.Token);
        }
    }

    private static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {Patience} for {what}.");
            }
        }
    }

    private static async Task<long> QueuedRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM motcua_stream_queue", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
