using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MotCua.Grains.Idempotency;
using MotCua.Grains.Interfaces.Idempotency;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Storage.Memory;
using MotCua.Grains.Tests.Infrastructure;

namespace MotCua.Grains.Tests.Storage;

public sealed class IdempotencySweeperTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ASweepDeletesEveryExpiredAnswerInBatchesAndKeepsTheRest()
    {
        var answers = new MemoryIdempotencyAnswers();
        var time = new ManualTimeProvider(Start);
        for (var i = 0; i < 7; i++)
        {
            await answers.SaveAsync($"k:{i}", Answer(Start.AddHours(-80)));
        }

        await answers.SaveAsync("k:fresh", Answer(Start));
        var sweeper = new IdempotencySweeper(answers, Options.Create(new IdempotencyOptions { SweepBatch = 3 }), time,
            NullLogger<IdempotencySweeper>.Instance);

        Assert.Equal(7, await sweeper.SweepAsync());
        Assert.Equal(0, await sweeper.SweepAsync());
        Assert.NotNull(await answers.FindAsync("k:fresh", time.GetUtcNow()));
    }

    [Theory]
    [InlineData(1, 24)]
    [InlineData(24, 24)]
    [InlineData(72, 72)]
    public void RetentionIsNeverUnderTheContractsDay(int configuredHours, int expectedHours) =>
        Assert.Equal(TimeSpan.FromHours(expectedHours),
            IdempotencyGrain.Retention(new IdempotencyOptions { Retention = TimeSpan.FromHours(configuredHours) }));

    private static IdempotencyAnswer Answer(DateTimeOffset at) =>
        new("fp", new StoredResponse(201, null, [1], null), at, at.AddHours(72));
}
