using System.Globalization;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Tests.Events;

[Collection(EventsCollection.Name)]
public sealed class ProjectionTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task ProjectionsEqualARecountFromTheDossiersAndPaymentsAfterARandomizedRun()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var kit = new EventKit(fixture.Grains);
        var dossiers = new List<string>();
        var payments = new List<string>();
        var late = new List<string>();
        for (var i = 0; i < 16; i++)
        {
            var citizen = "0010" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
            var code = await kit.FileAsync(citizen);
            dossiers.Add(code);
            switch (random.Next(6))
            {
                case 0: // stays submitted
                    break;
                case 1:
                    await kit.ActAsync(code, (d, c) => d.RefuseAsync(c), "thiếu giấy tờ");
                    break;
                case 2: // accepted, then finished now (on time) or after the clock moves (late)
                    await kit.ActAsync(code, (d, c) => d.AcceptAsync(c));
                    await kit.ActAsync(code, (d, c) => d.ProcessAsync(c));
                    if (random.Next(2) == 0)
                    {
                        await kit.ActAsync(code, (d, c) => d.CompleteAsync(c));
                    }
                    else
                    {
                        late.Add(code);
                    }

                    break;
                default: // a fee paid in cash or from the wallet, then maybe finished
                    await kit.ActAsync(code, (d, c) => d.AcceptAsync(c));
                    var amount = random.Next(1, 50) * 10_000L;
                    await kit.RequestFeeAsync(code, amount);
                    var method = random.Next(2) == 0 ? PaymentMethods.Cash : PaymentMethods.Wallet;
                    if (method == PaymentMethods.Wallet)
                    {
                        await kit.TopUpAsync(citizen, amount);
                    }

                    var payment = await kit.CreatePaymentAsync(code, method);
                    payments.Add(payment.Id);
                    if (method == PaymentMethods.Cash)
                    {
                        await kit.CollectAsync(payment);
                    }

                    if (random.Next(3) > 0)
                    {
                        await kit.ActAsync(code, (d, c) => d.CompleteAsync(c));
                    }

                    break;
            }
        }

        // Two months later the rest are finished, late.
        fixture.Time.Advance(TimeSpan.FromDays(60));
        foreach (var code in late)
        {
            await kit.ActAsync(code, (d, c) => d.CompleteAsync(c));
        }

        // Recount from the dossiers themselves.
        var views = await Task.WhenAll(dossiers.Select(c => kit.Dossier(c).GetAsync()));
        foreach (var month in views.Select(v => Month(v.SubmittedAt)).Concat([Month(fixture.Time.GetUtcNow())]).Distinct())
        {
            var finished = views.Select(v => (View: v, At: v.History.LastOrDefault(h => h.ToStatus == "processed")?.At))
                .Where(x => x.At is { } at && Month(at) == month).ToList();
            var expected = (
                Received: views.Count(v => Month(v.SubmittedAt) == month),
                OnTime: finished.Count(x => x.View.DueAt is not { } due || x.At <= due),
                Late: finished.Count(x => x.View.DueAt is { } due && x.At > due),
                ByStatus: views.GroupBy(v => v.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}").ToList());
            var actual = await Eventually.Await(async () =>
            {
                var s = await kit.AgencyStatsAsync(month);
                return (s.Received, s.OnTime, s.Late, ByStatus: s.ByStatus.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}").ToList());
            }, s => s.Received == expected.Received && s.OnTime == expected.OnTime && s.Late == expected.Late
                && s.ByStatus.SequenceEqual(expected.ByStatus), $"agency figures for {month} (seed {seed})");
            Assert.Equal(expected.ByStatus, actual.ByStatus);
        }

        Assert.Contains(views, v => v.Status == "processed");

        // Recount the channels' days from the payments themselves.
        var paid = (await Task.WhenAll(payments.Select(id => fixture.Grains.GetGrain<IPaymentGrain>(id).GetAsync())))
            .Where(p => p.History.Any(h => h.ToStatus == PaymentStatuses.Succeeded))
            .Select(p => (Channel: p.ChannelId ?? p.Method, Day: DateOnly.FromDateTime(p.History.First(h => h.ToStatus == PaymentStatuses.Succeeded).At.ToVietnam().DateTime),
                p.Method, p.Amount))
            .ToList();
        foreach (var group in paid.GroupBy(p => (p.Channel, p.Day)))
        {
            var key = AgencyStatsShards.ChannelDayKey(group.Key.Channel, group.Key.Day);
            // The wallet "channel" is shared by every test of this cluster: compare at least what this run paid through it.
            var shared = group.Key.Channel == PaymentMethods.Wallet;
            var stats = await Eventually.Await(() => fixture.Grains.GetGrain<IChannelDayStatsGrain>(key).GetAsync(),
                s => shared ? s.Count >= group.Count() : s.Count == group.Count() && s.Amount == group.Sum(p => p.Amount),
                $"channel figures of {key} (seed {seed})");
            if (!shared)
            {
                Assert.Equal(group.Sum(p => p.Amount), stats.ByMethod[PaymentMethods.Cash].Amount);
            }
        }
    }

    private static string Month(DateTimeOffset at) => at.ToVietnam().ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
