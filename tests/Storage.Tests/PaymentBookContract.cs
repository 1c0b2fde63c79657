using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Storage.Memory;
using MotCua.Integration.Tests.Infrastructure;
using MotCua.Storage.Postgres;
using MotCua.Storage.Tests.Infrastructure;
using Npgsql;

namespace MotCua.Storage.Tests;

/// <summary>The rules every <see cref="IPaymentBook"/> keeps: a day's payment entries on an account, each with its payment's row.</summary>
public abstract class PaymentBookContract(PostgresServer? server) : StorageContract(server)
{
    private static readonly DateTimeOffset Day = new(2026, 12, 5, 0, 0, 0, TimeSpan.FromHours(7));

    protected ILedgerJournal Journal { get; private set; } = null!;

    protected IPaymentBook Book { get; private set; } = null!;

    protected override void Open(NpgsqlDataSource? data)
    {
        if (data is null)
        {
            var journal = new MemoryLedgerJournal();
            (Journal, Book) = (journal, new MemoryPaymentBook(journal));
        }
        else
        {
            (Journal, Book) = (new PostgresLedgerJournal(data), new PostgresPaymentBook(data));
        }
    }

    private static JournalEntry Paid(string id, long amount, DateTimeOffset at, string account = "clearing:bank") =>
        new(id, [new Posting(account, amount), new Posting("revenue:SXD:charge", -amount)], at, id);

    [Fact]
    public async Task ADaysPaymentEntriesComeWithTheirRowsOrWithoutOneForOlderPayments()
    {
        await Book.RecordAsync(new PaidPayment("p1", "MC001", "FT001", 1));
        await Book.RecordAsync(new PaidPayment("p1", "MC001", "FT001", 75_000)); // a retried step stores the latest
        await Book.RecordAsync(new PaidPayment("p3", "MC003", null, 20_000));
        await Journal.AppendAsync(1,
        [
            Paid("pay:p1", 75_000, Day.AddHours(9)),
            Paid("pay:p2", 30_000, Day.AddHours(10)),      // ledgered before rows were kept
            Paid("pay:p3", 20_000, Day.AddHours(11)),
            Paid("pay:p4", 10_000, Day.AddDays(1)),         // the next day
            Paid("pay:p5", 10_000, Day.AddHours(12), "clearing:viettelpay"),
            Paid("refund:p1:r1", -5_000, Day.AddHours(13)), // not a payment entry
        ]);

        var found = await Book.FindLedgeredAsync("clearing:bank", Day, Day.AddDays(1));

        Assert.Equal(["p1", "p2", "p3"], found.Select(f => f.PaymentId));
        Assert.Equal(new PaidPayment("p1", "MC001", "FT001", 75_000), found[0].Payment);
        Assert.Equal((75_000L, Day.AddHours(9)), (found[0].AccountAmount, found[0].At));
        Assert.Null(found[1].Payment);
        Assert.Null(found[2].Payment!.ProviderReference);
    }
}

public sealed class MemoryPaymentBookTests() : PaymentBookContract(server: null);

[Collection("postgres")]
public sealed class PostgresPaymentBookTests(PostgresServer server) : PaymentBookContract(server);
