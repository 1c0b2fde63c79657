namespace MotCua.Sandbox.Faults;

/// <summary>
/// The faults to inject for one provider (or all, when <see cref="Provider"/> is empty), as posted to
/// <c>POST /sandbox/faults</c>. Posting replaces the provider's faults; counters ("the next N") count down as they fire,
/// and <c>GET /sandbox/faults</c> shows what is left. Everything is deterministic except <see cref="ErrorRate"/>,
/// which draws from a generator seeded with <see cref="Seed"/>.
/// </summary>
public sealed record FaultSettings
{
    /// <summary><c>bank</c>, <c>viettelpay</c>, <c>vnptpay</c>; empty for all three.</summary>
    public string? Provider { get; init; }

    /// <summary>Delay before every provider API answer.</summary>
    public int LatencyMs { get; init; }

    /// <summary>The next N provider API calls answer <see cref="FailStatus"/> without doing anything.</summary>
    public int FailNext { get; init; }

    /// <summary>The status of injected failures: 500–599 or 409.</summary>
    public int FailStatus { get; init; } = 503;

    /// <summary>Share (0–1) of further calls that answer <see cref="FailStatus"/>, drawn from the seeded generator.</summary>
    public double ErrorRate { get; init; }

    /// <summary>Seed of the generator behind <see cref="ErrorRate"/>.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The next N calls never answer (the sandbox waits until the caller gives up).</summary>
    public int TimeoutNext { get; init; }

    /// <summary>
    /// False (default): a timed-out call is carried out and only its answer is lost, the hard case for a caller.
    /// True: it is not carried out at all.
    /// </summary>
    public bool TimeoutBeforeProcessing { get; init; }

    /// <summary>The next N notifications are not sent (they stay in the log and can be resent).</summary>
    public int DropNotifications { get; init; }

    /// <summary>The next N notifications are sent twice, identically.</summary>
    public int DuplicateNotifications { get; init; }

    /// <summary>The next N notifications (N ≥ 2) are held, then all sent in reverse order when the N-th comes.</summary>
    public int ReorderNotifications { get; init; }

    /// <summary>The next N notifications are signed with a timestamp ten minutes old (a replay).</summary>
    public int StaleNotifications { get; init; }

    /// <summary>The next N notifications are signed with a wrong secret (a forgery).</summary>
    public int ForgedNotifications { get; init; }

    /// <summary>Differences between the provider's statements and what really happened.</summary>
    public StatementFaults Statement { get; init; } = new();

    /// <summary>What is wrong with these settings, empty when nothing is.</summary>
    public IEnumerable<string> Validate()
    {
        if (LatencyMs < 0 || FailNext < 0 || TimeoutNext < 0 || DropNotifications < 0 || DuplicateNotifications < 0
            || ReorderNotifications < 0 || StaleNotifications < 0 || ForgedNotifications < 0)
        {
            yield return "Counts and latency must not be negative.";
        }

        if (FailStatus is not (409 or (>= 500 and <= 599)))
        {
            yield return "failStatus must be 409 or 5xx.";
        }

        if (ErrorRate is < 0 or > 1)
        {
            yield return "errorRate must be between 0 and 1.";
        }

        if (ReorderNotifications == 1)
        {
            yield return "reorderNotifications needs at least 2 notifications to reorder.";
        }
    }
}

/// <summary>Statement discrepancies; each applies to every statement it matches until the faults are replaced.</summary>
public sealed record StatementFaults
{
    /// <summary>Entries left out: matched by entry id, transaction id or reference.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>Entries that happened nowhere but on the statement.</summary>
    public IReadOnlyList<ExtraStatementEntry> Extra { get; init; } = [];

    /// <summary>Entries shown with a wrong amount.</summary>
    public IReadOnlyList<AmountMismatch> AmountMismatch { get; init; } = [];
}

/// <summary>A statement entry for a payment that never happened.</summary>
public sealed record ExtraStatementEntry(DateOnly Date, long Amount, string Reference);

/// <summary>Shows entries matching <paramref name="Match"/> (entry id, transaction id or reference) off by <paramref name="Delta"/> đồng.</summary>
public sealed record AmountMismatch(string Match, long Delta);
