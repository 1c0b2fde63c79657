using System.Globalization;
using MotCua.Grains.Calendar;
using MotCua.Grains.Events;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Tests.Events;

[Collection(EventsCollection.Name)]
public sealed class KpiProjectionTests(EventsClusterFixture fixture)
{
    private static readonly WorkingDayClock Clock = new(HolidayCalendar.LoadEmbedded());

    [Fact]
    public async Task ServiceQualityFiguresEqualARecountFromTheDossiersAndPaymentsAndAReplayChangesNothing()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var kit = new EventKit(fixture.Grains);
        var dossiers = new List<string>();
        var payments = new List<string>();
        var later = new List<string>();
        for (var i = 0; i < 14; i++)
        {
            var citizen = "0011" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
            var code = await kit.FileAsync(citizen);
            dossiers.Add(code);
            await kit.ActAsync(code, (d, c) => d.AcceptAsync(c));
            await kit.ActAsync(code, (d, c) => d.ProcessAsync(c));
            if (random.Next(2) == 0)
            {
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

                await Eventually.Await(() => kit.Dossier(code).GetAsync(), d => d.Status == "processing", $"{code} paid (seed {seed})");
            }

            switch (random.Next(3))
            {
                case 0: // finished at once (early), returned and rated
                    await FinishAsync(kit, code, random.Next(1, 6));
                    break;
                case 1: // finished late, after the clock moves
                    later.Add(code);
                    break;
                default: // left open: overdue once the clock moves, perhaps with an apology
                    break;
            }
        }

        // The projection has taken everything so far before the clock jumps (the in-memory stream ages its cache by it).
        var grain = fixture.Grains.GetGrain<IAgencyKpiGrain>(kit.Agency);
        var then = fixture.Time.GetUtcNow();
        var month0 = KpiRules.Month(then);
        var views0 = await Task.WhenAll(dossiers.Select(c => kit.Dossier(c).GetAsync()));
        var paid0 = (await Task.WhenAll(payments.Select(id => fixture.Grains.GetGrain<IPaymentGrain>(id).GetAsync())))
            .Where(p => p.History.Any(h => h.ToStatus == PaymentStatuses.Succeeded)).ToList();
        var settled = Describe(Recount(views0, paid0, month0, then));
        await Eventually.Await(() => grain.GetMonthAsync(month0, then), f => Describe(f) == settled,
            $"KPI figures for {month0} before the clock moves (seed {seed}): want {settled}");

        // Forty days later: the rest are past their date. Some are apologised for, some finished late.
        fixture.Time.Advance(TimeSpan.FromDays(40));
        foreach (var code in dossiers.Except(later).Where(c => random.Next(2) == 0))
        {
            var view = await kit.Dossier(code).GetAsync();
            if (view.Status == "processing")
            {
                await kit.Dossier(code).ApologizeAsync(new ApologizeCommand(EventKit.Op(), kit.Officer,
                    fixture.Time.GetUtcNow().AddDays(10), "Cần xác minh thêm"));
            }
        }

        foreach (var code in later)
        {
            await FinishAsync(kit, code, random.Next(1, 6));
        }

        var now = fixture.Time.GetUtcNow();
        var views = await Task.WhenAll(dossiers.Select(c => kit.Dossier(c).GetAsync()));
        var paid = (await Task.WhenAll(payments.Select(id => fixture.Grains.GetGrain<IPaymentGrain>(id).GetAsync())))
            .Where(p => p.History.Any(h => h.ToStatus == PaymentStatuses.Succeeded)).ToList();
        var months = views.SelectMany(v => v.History.Select(h => KpiRules.Month(h.At))).Append(KpiRules.Month(now)).Distinct().ToList();
        var projected = new Dictionary<string, string>();
        foreach (var month in months)
        {
            var expected = Describe(Recount(views, paid, month, now));
            projected[month] = Describe(await Eventually.Await(() => grain.GetMonthAsync(month, now), f => Describe(f) == expected,
                $"KPI figures for {month} (seed {seed}): want {expected}"));
        }

        Assert.Contains(views, v => v.Apology is not null || v.Status == "processing");

        // A replay: every event of these dossiers and payments again, in any order, changes no figure.
        var sources = dossiers.Select(c => DomainEvent.SourceOf("dossier", c)).Concat(payments.Select(p => DomainEvent.SourceOf("payment", p)));
        var events = sources.SelectMany(EventProbe.Distinct).OrderBy(_ => random.Next()).ToList();
        Assert.NotEmpty(events);
        foreach (var e in events)
        {
            await grain.ApplyAsync(e);
        }

        foreach (var month in months)
        {
            Assert.Equal(projected[month], Describe(await grain.GetMonthAsync(month, now)));
        }
    }

    private static async Task FinishAsync(EventKit kit, string code, int score)
    {
        await kit.ActAsync(code, (d, c) => d.CompleteAsync(c));
        await kit.ActAsync(code, (d, c) => d.ReturnAsync(c));
        await kit.Dossier(code).RateAsync(new RateDossierCommand(EventKit.Op(), EventKit.Portal, score));
    }

    /// <summary>The month's figures counted again from the dossiers' and payments' own views.</summary>
    private static AgencyKpiFigures Recount(IReadOnlyList<DossierView> views, IReadOnlyList<PaymentView> paid, string month, DateTimeOffset now)
    {
        var cutoff = KpiRules.OverdueCutoff(month, now);
        var finished = views
            .Select(v => (View: v, At: v.History.FirstOrDefault(h => h.ToStatus == "processed")?.At,
                Accepted: v.History.First(h => h.ToStatus == "accepted").At))
            .Where(x => x.At is { } at && KpiRules.Month(at) == month)
            .Select(x => (Timeliness: KpiRules.TimelinessOf(x.At!.Value, x.View.Apology?.PreviousDueAt ?? x.View.DueAt),
                Lead: KpiRules.LeadDays(Clock.WorkingTimeBetween(x.Accepted, x.At!.Value))))
            .ToList();
        var overdue = views.Where(v => v.Status is "accepted" or "processing" && (v.Apology?.PreviousDueAt ?? v.DueAt) < cutoff).ToList();
        var monthPaid = paid.Where(p => p.Status != PaymentStatuses.Refunded
            && KpiRules.Month(p.History.First(h => h.ToStatus == PaymentStatuses.Succeeded).At) == month).ToList();
        var online = monthPaid.Where(p => p.Method != PaymentMethods.Cash).ToList();
        var ratings = views.Where(v => v.Rating is { } r && KpiRules.Month(r.RatedAt) == month).Select(v => v.Rating!.Score).ToList();
        var leads = finished.Select(f => f.Lead).Order().ToList();
        return new AgencyKpiFigures("", month,
            finished.Count(f => f.Timeliness == KpiRules.Early), finished.Count(f => f.Timeliness == KpiRules.OnTime),
            finished.Count(f => f.Timeliness == KpiRules.Late),
            overdue.Count(v => v.Apology is not null), overdue.Count(v => v.Apology is null),
            monthPaid.Count, monthPaid.Sum(p => p.Amount), online.Count, online.Sum(p => p.Amount),
            [.. Enumerable.Range(1, 5).Select(s => ratings.Count(r => r == s))],
            leads.Count, KpiRules.NearestRank(leads, 0.5), KpiRules.NearestRank(leads, 0.9));
    }

    private static string Describe(AgencyKpiFigures f) =>
        $"results {f.Early}/{f.OnTime}/{f.Late}, overdue {f.OverdueWithApology}/{f.OverdueWithoutApology}, "
        + $"paid {f.PaidCount}/{f.PaidAmount} online {f.OnlineCount}/{f.OnlineAmount}, ratings {string.Join(",", f.Ratings)}, "
        + $"lead {f.LeadTimeCount} {f.LeadTimeMedianDays} {f.LeadTimeP90Days}";
}
