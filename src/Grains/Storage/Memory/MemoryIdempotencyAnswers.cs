using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Grains.Storage.Memory;

/// <summary>The embedded default's idempotency answers: the same rules as PostgreSQL's, held in this process.</summary>
public sealed class MemoryIdempotencyAnswers : IIdempotencyAnswers
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, IdempotencyAnswer> answers = new(StringComparer.Ordinal);

    public Task<IdempotencyAnswer?> FindAsync(string key, DateTimeOffset now, CancellationToken ct = default)
    {
        lock (gate)
        {
            return Task.FromResult(answers.TryGetValue(key, out var answer) && answer.ExpiresAt > now ? answer : null);
        }
    }

    public Task SaveAsync(string key, IdempotencyAnswer answer, CancellationToken ct = default)
    {
        lock (gate)
        {
            if (!answers.TryGetValue(key, out var stored) || stored.ExpiresAt <= answer.CompletedAt)
            {
                answers[key] = answer;
            }
        }

        return Task.CompletedTask;
    }

    public Task<int> SweepAsync(DateTimeOffset now, int limit, CancellationToken ct = default)
    {
        lock (gate)
        {
            var expired = answers.Where(a => a.Value.ExpiresAt <= now).OrderBy(a => a.Value.ExpiresAt).Take(limit).Select(a => a.Key).ToList();
            foreach (var key in expired)
            {
                answers.Remove(key);
            }

            return Task.FromResult(expired.Count);
        }
    }
}
