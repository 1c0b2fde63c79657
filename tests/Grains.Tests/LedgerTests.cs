using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Payments;

namespace MotCua.Grains.Tests;

[Collection(PaymentCollection.Name)]
public sealed class LedgerTests(PaymentClusterFixture fixture)
{
    private readonly PaymentTestKit _kit = new(fixture);

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task AnEntryWhoseDebitsAndCreditsDifferIsRefused()
    {
        var id = $"test:{Guid.NewGuid():N}";
        var entry = new JournalEntry(id, [new Posting("test:a", 100), new Posting("test:b", -99)], Now, "unbalanced");

        var refused = await Assert.ThrowsAsync<DomainException>(() => fixture.Grains.PostToLedgerAsync(entry));

        Assert.Equal(PaymentErrorCodes.LedgerEntryUnbalanced, refused.Code);
        Assert.Null(await _kit.EntryAsync(id));
    }

    [Fact]
    public async Task AnEntryOfOneLineOrWithAZeroLineIsRefused()
    {
        await Assert.ThrowsAsync<DomainException>(() => fixture.Grains.PostToLedgerAsync(
            new JournalEntry($"test:{Guid.NewGuid():N}", [new Posting("test:a", 0), new Posting("test:b", 0)], Now, "zero")));
        await Assert.ThrowsAsync<DomainException>(() => fixture.Grains.PostToLedgerAsync(
            new JournalEntry($"test:{Guid.NewGuid():N}", [new Posting("test:a", 0)], Now, "one line")));
    }

    [Fact]
    public async Task AnEntryPostedTwiceCountsOnce()
    {
        var account = $"test:{Guid.NewGuid():N}";
        var entry = JournalEntry.Transfer($"test:{Guid.NewGuid():N}", account, "test:other", 5_000, Now, "twice");

        await fixture.Grains.PostToLedgerAsync(entry);
        await fixture.Grains.PostToLedgerAsync(entry with { At = Now.AddMinutes(5), Memo = "retried later" });

        Assert.Equal(5_000, await _kit.BalanceAsync(account));
    }

    [Fact]
    public async Task TheSameEntryIdWithOtherPostingsIsRefused()
    {
        var id = $"test:{Guid.NewGuid():N}";
        await fixture.Grains.PostToLedgerAsync(JournalEntry.Transfer(id, "test:a", "test:b", 5_000, Now, "first"));

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            fixture.Grains.PostToLedgerAsync(JournalEntry.Transfer(id, "test:a", "test:b", 6_000, Now, "second")));

        Assert.Equal(PaymentErrorCodes.LedgerEntryConflict, refused.Code);
    }

    [Fact]
    public async Task AnEntrySentToAnotherShardIsRefused()
    {
        var id = $"test:{Guid.NewGuid():N}";
        var wrong = (LedgerShards.Of(id) + 1) % LedgerShards.Count;

        await Assert.ThrowsAnyAsync<Exception>(() => fixture.Grains.GetGrain<ILedgerShardGrain>(wrong)
            .PostAsync(JournalEntry.Transfer(id, "test:a", "test:b", 1, Now, "misrouted")));
    }

    [Fact]
    public void EntryIdsSpreadOverEveryShardAndAlwaysHashTheSameWay()
    {
        var counts = new int[LedgerShards.Count];
        for (var i = 0; i < 16_000; i++)
        {
            counts[LedgerShards.Of($"pay:pay_{i:D20}")]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 700, 1300));
        Assert.Equal(LedgerShards.Of("pay:pay_0123456789abcdefghjk"), LedgerShards.Of("pay:pay_0123456789abcdefghjk"));
        Assert.Equal(14, LedgerShards.Of("pay:pay_00000000000000000000")); // FNV-1a, pinned: a change would move stored entries
    }

    [Fact]
    public async Task ConcurrentBalancedEntriesKeepTheLedgerAtZeroAndEveryAccountExact()
    {
        var prefix = $"test:{Guid.NewGuid():N}";
        var random = new Random(7);
        var expected = new Dictionary<string, long>();
        var entries = new List<JournalEntry>();
        for (var i = 0; i < 400; i++)
        {
            var lines = new List<Posting>();
            long sum = 0;
            for (var l = random.Next(1, 4); l > 0; l--)
            {
                var amount = random.Next(1, 100_000) * (random.Next(2) == 0 ? 1L : -1L);
                lines.Add(new Posting($"{prefix}:{random.Next(0, 12)}", amount));
                sum += amount;
            }

            lines.Add(new Posting($"{prefix}:{random.Next(0, 12)}", -sum == 0 ? 1 : -sum));
            if (-sum == 0)
            {
                lines.Add(new Posting($"{prefix}:fix", -1));
            }

            lines.RemoveAll(p => p.Amount == 0);
            entries.Add(new JournalEntry($"{prefix}:{i}", lines, Now, "random"));
            foreach (var p in lines)
            {
                expected[p.Account] = expected.GetValueOrDefault(p.Account) + p.Amount;
            }
        }

        // Every entry twice, concurrently: the second of each is a retry.
        await Task.WhenAll(entries.Concat(entries).Select(e => fixture.Grains.PostToLedgerAsync(e)));
        var audit = await _kit.AuditAsync();

        Assert.Equal(0, audit.Total);
        Assert.True(audit.Balanced);
        Assert.Equal(LedgerShards.Count, audit.Shards);
        foreach (var (account, balance) in expected)
        {
            Assert.Equal(balance, audit.Accounts.GetValueOrDefault(account));
        }
    }
}
