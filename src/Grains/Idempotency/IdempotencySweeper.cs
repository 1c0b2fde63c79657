using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MotCua.Grains.Interfaces.Storage;

namespace MotCua.Grains.Idempotency;

/// <summary>
/// Deletes expired idempotency answers, on every silo, in batches of <see cref="IdempotencyOptions.SweepBatch"/>
/// (silos sweeping together skip each other's rows). A failed sweep is logged and tried again at the next interval.
/// </summary>
public sealed class IdempotencySweeper(
    IIdempotencyAnswers answers, IOptions<IdempotencyOptions> options, TimeProvider time, ILogger<IdempotencySweeper> logger)
    : BackgroundService
{
    private static readonly Meter Meter = new("MotCua.Idempotency");
    private static readonly Counter<long> Swept = Meter.CreateCounter<long>(
        "motcua_idempotency_answers_swept", description: "Expired idempotency answers deleted by the sweeper.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Sweeping expired idempotency answers failed; trying again in {Interval}", settings.SweepInterval);
            }
        }
    }

    /// <summary>Deletes every answer expired now, a batch at a time; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var batch = Math.Max(1, options.Value.SweepBatch);
        var now = time.GetUtcNow();
        var total = 0;
        int deleted;
        do
        {
            deleted = await answers.SweepAsync(now, batch, ct);
            total += deleted;
            Swept.Add(deleted);
        }
        while (deleted == batch);

        if (total > 0)
        {
            logger.LogInformation("Swept {Count} expired idempotency answers", total);
        }

        return total;
    }
}
