namespace MotCua.Grains.Payments;

/// <summary>
/// Which fee lines a refund takes back from, so the ledger debits the right revenue accounts (fee or charge).
/// A refund takes from the last line first, then the one before it, never more than a line has left.
/// </summary>
public static class RefundAllocation
{
    /// <param name="lineAmounts">The payment's fee line amounts, in fee item order.</param>
    /// <param name="alreadyRefunded">What earlier refunds took from each line (same length).</param>
    /// <param name="amount">The refund, at most what the lines have left.</param>
    /// <returns>What the refund takes from each line (same length).</returns>
    public static long[] Allocate(IReadOnlyList<long> lineAmounts, IReadOnlyList<long> alreadyRefunded, long amount)
    {
        ArgumentNullException.ThrowIfNull(lineAmounts);
        ArgumentNullException.ThrowIfNull(alreadyRefunded);
        if (lineAmounts.Count != alreadyRefunded.Count)
        {
            throw new ArgumentException("One refunded amount per line is needed.", nameof(alreadyRefunded));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        var taken = new long[lineAmounts.Count];
        var left = amount;
        for (var i = lineAmounts.Count - 1; i >= 0 && left > 0; i--)
        {
            var room = lineAmounts[i] - alreadyRefunded[i];
            var take = Math.Min(room, left);
            if (take > 0)
            {
                taken[i] = take;
                left -= take;
            }
        }

        if (left > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, $"The lines have {amount - left} VND left to refund.");
        }

        return taken;
    }
}
