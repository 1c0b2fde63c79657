using MotCua.Grains.Interfaces.Events;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Storage.Memory;
using MotCua.Integration.Tests.Infrastructure;
using MotCua.Storage.Postgres;
using MotCua.Storage.Tests.Infrastructure;
using Npgsql;

namespace MotCua.Storage.Tests;

/// <summary>
/// The rules every <see cref="IKpiBook"/> keeps: a dossier row replaced only over the version it was read at, each
/// payment counted once, and the same month figures (with nearest-rank percentiles) from memory and PostgreSQL.
/// </summary>
public abstract class KpiBookContract(PostgresServer? server) : StorageContract(server)
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Due = new(2026, 3, 9, 9, 0, 0, Vn);
    private static readonly DateTimeOffset Cutoff = new(2026, 3, 20, 9, 0, 0, Vn);

    protected IKpiBook Book { get; private set; } = null!;

    protected override void Open(NpgsqlDataSource? data) => Book = data is null ? new MemoryKpiBook() : new PostgresKpiBook(data);

    private static KpiDossierRow Row(string code, long sequence, string status, string agency = "SXD", DateTimeOffset? promised = null,
        bool apologized = false, string? timeliness = null, decimal? lead = null, int? rating = null, string month = "2026-03") =>
        new(code, agency, sequence, status, Due.AddDays(-7), promised ?? Due, promised ?? Due, apologized,
            timeliness is null ? null : Due, timeliness is null ? null : month, timeliness, lead, rating, rating is null ? null : month);

    [Fact]
    public async Task ADossierRowIsStoredOnlyOverTheVersionItWasReadAtAndReadsBackWhole()
    {
        var first = Row("D1", 1, "accepted");
        Assert.True(await Book.SaveDossierAsync(first, 0));
        Assert.False(await Book.SaveDossierAsync(first with { LastSequence = 2 }, 0)); // someone else inserted it
        var second = first with { LastSequence = 2, Status = "processed", FinishedAt = Due.AddHours(-3), FinishedMonth = "2026-03",
            Timeliness = "on_time", LeadDays = 4.75m, Rating = 5, RatedMonth = "2026-04", Apologized = true, DueAt = Due.AddDays(2) };
        Assert.True(await Book.SaveDossierAsync(second, 1));
        Assert.False(await Book.SaveDossierAsync(second with { LastSequence = 3, Status = "returned" }, 1)); // read at 1: stale

        Assert.Equal(second, await Book.GetDossierAsync("D1"));
        Assert.Null(await Book.GetDossierAsync("D9"));
    }

    [Fact]
    public async Task AMonthsFiguresCountResultsOverdueRatingsPaymentsAndLeadTimePercentiles()
    {
        decimal[] leads = [1m, 2.5m, 3m, 4m, 10m];
        string[] timeliness = ["early", "on_time", "on_time", "late", "late"];
        for (var i = 0; i < leads.Length; i++)
        {
            await Book.SaveDossierAsync(Row($"R{i}", 5, "processed", timeliness: timeliness[i], lead: leads[i], rating: i + 1), 0);
        }

        await Book.SaveDossierAsync(Row("R9", 5, "processed", timeliness: "late", lead: 99m, month: "2026-02"), 0); // another month
        await Book.SaveDossierAsync(Row("O1", 3, "processing", promised: Due, apologized: true), 0);
        await Book.SaveDossierAsync(Row("O2", 3, "accepted", promised: Due.AddDays(-1)), 0);
        await Book.SaveDossierAsync(Row("O3", 3, "processing", promised: Cutoff.AddMinutes(1)), 0); // not yet due at the cutoff
        await Book.SaveDossierAsync(Row("O4", 3, "supplement_requested", promised: Due), 0);          // the clock is paused
        await Book.SaveDossierAsync(Row("X1", 3, "processing", agency: "STP", promised: Due), 0);
        await Book.SaveDossierAsync(Row("Y1", 5, "returned", agency: "UBND-X", timeliness: "early", lead: 1m, month: "2026-02"), 0);

        await Book.AddPaymentAsync(new KpiPayment("p1", "SXD", "R0", "2026-03", "vietqr", 100_000, true));
        await Book.AddPaymentAsync(new KpiPayment("p1", "SXD", "R0", "2026-03", "vietqr", 100_000, true)); // again: once
        await Book.AddPaymentAsync(new KpiPayment("p2", "SXD", "R1", "2026-03", "wallet", 50_000, true));
        await Book.AddPaymentAsync(new KpiPayment("p3", "SXD", "R2", "2026-03", "cash", 30_000, false));
        await Book.AddPaymentAsync(new KpiPayment("p4", "SXD", "R3", "2026-03", "vnptpay", 7_000, true));
        await Book.MarkRefundedAsync("p4");
        await Book.MarkRefundedAsync("p-unknown");
        await Book.AddPaymentAsync(new KpiPayment("p5", "SXD", "R4", "2026-02", "cash", 1, false));

        var march = await Book.GetMonthAsync("SXD", "2026-03", Cutoff);

        Assert.Equal((1, 2, 2), (march.Early, march.OnTime, march.Late));
        Assert.Equal((1, 1), (march.OverdueWithApology, march.OverdueWithoutApology));
        Assert.Equal((3, 180_000L, 2, 150_000L), (march.PaidCount, march.PaidAmount, march.OnlineCount, march.OnlineAmount));
        Assert.Equal([1, 1, 1, 1, 1], march.Ratings);
        Assert.Equal((5, 3m, 10m), (march.LeadTimeCount, march.LeadTimeMedianDays, march.LeadTimeP90Days));

        var overdue = await Book.ListOverdueAsync("SXD", Cutoff, 10);
        Assert.Equal(["O2", "O1"], overdue.Select(o => o.Code));
        Assert.Equal(new OverdueDossier("O1", "processing", Due, true, Due), overdue[1]);
        Assert.Single(await Book.ListOverdueAsync("SXD", Cutoff, 1));

        // UBND-X's only result is February's: nothing to count in March, so the board leaves it to the caller.
        var board = await Book.ListMonthAsync("2026-03", Cutoff);
        Assert.Equal(["STP", "SXD"], board.Select(b => b.AgencyCode));
        Assert.Equal(["UBND-X"], (await Book.ListMonthAsync("2026-02", Due.AddDays(-30))).Select(b => b.AgencyCode).Where(a => a == "UBND-X"));
        Assert.Equal(march, board[1] with { Ratings = march.Ratings });
        Assert.Equal(march.Ratings, board[1].Ratings);
        Assert.Equal((0, 1), (board[0].Early + board[0].OnTime + board[0].Late, board[0].OverdueWithoutApology));

        var empty = await Book.GetMonthAsync("UBND-X", "2026-03", Cutoff);
        Assert.Equal(AgencyKpiFigures.Empty("UBND-X", "2026-03") with { Ratings = empty.Ratings }, empty);
        Assert.Equal([0, 0, 0, 0, 0], empty.Ratings);
        Assert.Null(empty.LeadTimeMedianDays);
    }
}

public sealed class MemoryKpiBookTests() : KpiBookContract(server: null);

[Collection("postgres")]
public sealed class PostgresKpiBookTests(PostgresServer server) : KpiBookContract(server);
