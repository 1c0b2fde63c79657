using System.Text;
using MotCua.Grains.Interfaces.Idempotency;
using MotCua.Grains.Interfaces.Storage;
using MotCua.Grains.Storage.Memory;
using MotCua.Integration.Tests.Infrastructure;
using MotCua.Storage.Postgres;
using MotCua.Storage.Tests.Infrastructure;
using Npgsql;

namespace MotCua.Storage.Tests;

/// <summary>The rules every <see cref="IIdempotencyAnswers"/> keeps: the first answer wins until it expires; sweeps delete only the expired.</summary>
public abstract class IdempotencyAnswersContract(PostgresServer? server) : StorageContract(server)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 2, 0, 0, TimeSpan.Zero);

    protected IIdempotencyAnswers Answers { get; private set; } = null!;

    protected override void Open(NpgsqlDataSource? data) => Answers = data is null ? new MemoryIdempotencyAnswers() : new PostgresIdempotencyAnswers(data);

    private static IdempotencyAnswer Answer(string body, DateTimeOffset at, string fingerprint = "fp-1", string? location = "/v1/dossiers/X") =>
        new(fingerprint, new StoredResponse(201, "application/json", Encoding.UTF8.GetBytes(body), location), at, at.AddHours(72));

    [Fact]
    public async Task AnAnswerReadsBackWholeUntilItExpires()
    {
        var answer = Answer("{\"a\":1}", Now);
        await Answers.SaveAsync("k1:file-1", answer);

        var found = await Answers.FindAsync("k1:file-1", Now.AddHours(71));
        Assert.NotNull(found);
        Assert.Equal(answer.Fingerprint, found.Fingerprint);
        Assert.Equal(answer.Response.Body, found.Response.Body);
        Assert.Equal((201, "application/json", "/v1/dossiers/X"), (found.Response.StatusCode, found.Response.ContentType, found.Response.Location));
        Assert.Equal((answer.CompletedAt, answer.ExpiresAt), (found.CompletedAt, found.ExpiresAt));
        Assert.Null(await Answers.FindAsync("k1:file-1", Now.AddHours(72)));
        Assert.Null(await Answers.FindAsync("k2:file-1", Now));
    }

    [Fact]
    public async Task TheFirstAnswerWinsUntilItExpiresAndIsReplacedAfter()
    {
        await Answers.SaveAsync("k1:a", Answer("first", Now, location: null));
        await Answers.SaveAsync("k1:a", Answer("second", Now.AddHours(1), fingerprint: "fp-2"));
        Assert.Equal("first", Encoding.UTF8.GetString((await Answers.FindAsync("k1:a", Now.AddHours(2)))!.Response.Body));
        Assert.Null((await Answers.FindAsync("k1:a", Now.AddHours(2)))!.Response.Location);

        await Answers.SaveAsync("k1:a", Answer("later", Now.AddHours(73), fingerprint: "fp-3"));
        var replaced = await Answers.FindAsync("k1:a", Now.AddHours(73));
        Assert.Equal(("later", "fp-3"), (Encoding.UTF8.GetString(replaced!.Response.Body), replaced.Fingerprint));
    }

    [Fact]
    public async Task SweepsDeleteOnlyExpiredAnswersABatchAtATime()
    {
        for (var i = 0; i < 5; i++)
        {
            await Answers.SaveAsync($"k1:old-{i}", Answer("old", Now.AddHours(-100 + i)));
        }

        await Answers.SaveAsync("k1:fresh", Answer("fresh", Now));

        Assert.Equal(2, await Answers.SweepAsync(Now, 2));
        Assert.Equal(3, await Answers.SweepAsync(Now, 10));
        Assert.Equal(0, await Answers.SweepAsync(Now, 10));
        Assert.NotNull(await Answers.FindAsync("k1:fresh", Now));
    }
}

public sealed class MemoryIdempotencyAnswersTests() : IdempotencyAnswersContract(server: null);

[Collection("postgres")]
public sealed class PostgresIdempotencyAnswersTests(PostgresServer server) : IdempotencyAnswersContract(server);
