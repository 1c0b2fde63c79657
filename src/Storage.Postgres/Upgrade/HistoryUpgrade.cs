using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MotCua.Grains.Interfaces.Common;
using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Storage;
using Npgsql;
using NpgsqlTypes;
using Orleans.Serialization;

namespace MotCua.Storage.Postgres.Upgrade;

/// <summary>What one kind of grain row gave up to the history tables.</summary>
/// <param name="Kind">The state name (<c>OrleansStorage.GrainTypeString</c>), e.g. <c>ledger-shard-v1</c>.</param>
/// <param name="Rows">Grain rows read.</param>
/// <param name="Items">History items written to the tables (entries, receipts, numbers, collections, …).</param>
/// <param name="Outcome">What happened to the rows: <c>deleted</c>, <c>rewritten</c> or <c>kept</c>.</param>
public sealed record HistoryUpgradeCount(string Kind, long Rows, long Items, string Outcome);

/// <summary>
/// Moves the history out of the grain state rows written by the release before the history tables (f51f5af and
/// earlier) into the tables of schema 006–010, after the scripts are applied: the ledger journal and balances, receipts,
/// dossier numbers, channel collections and settlements, the dossier projection, agency and channel-day stats, the audit
/// log, idempotency answers, and <c>motcua_payments_paid</c>.
/// </summary>
/// <remarks>
/// <para>
/// The old rows are found by their state name in <c>OrleansStorage</c> and read with copies of the old state types
/// (<see cref="LegacyLedgerShardState"/> and the others): the grain storage writes states with the Orleans serializer,
/// field ids and values without the state's type name. Every write to a table is idempotent (the same keys the grains
/// use, with ON CONFLICT), and each grain row is verified against what the tables then hold before it is deleted (the
/// grains that now keep no state) or rewritten in the bounded shape (channels; a channel row keeps its position, open
/// window, outbox, the collections not confirmed, the 64 newest confirmed ones and the 8 newest settlements). Payment
/// rows stay; only what reconciliation matches is copied out of them. So a run stopped anywhere (a crash, a kill) is
/// finished by running it again, and a run after a finished one changes nothing.
/// </para>
/// <para>
/// The run holds its own PostgreSQL advisory lock. When every kind is done it records itself in
/// <c>motcua_upgrades</c> (schema 012); later runs see that row and return at once. Run it with every silo of the old
/// release stopped: a row an old silo writes during the run is reported and left for the next run.
/// </para>
/// </remarks>
public static partial class HistoryUpgrade
{
    /// <summary>The name this upgrade is recorded under in <c>motcua_upgrades</c>.</summary>
    public const string Name = "history-tables";

    /// <summary>Key of the advisory lock that serializes upgrades within one database (lock 2; the schema is lock 1).</summary>
    private const long AdvisoryLockKey = 0x4D6F_7443_7561_0002;

    private const int BatchRows = 200;
    private const int ChunkItems = 1000;

    /// <summary>How many collections and settlements a channel row keeps (the current ChannelGrain's RecentKept and RecentSettlementsKept).</summary>
    public const int ChannelRecentCollections = 64;
    public const int ChannelRecentSettlements = 8;

    private static readonly string[] AuditStates =
        ["audit-log-v1", "audit-log-v1-m10", "audit-log-v1-m20", "audit-log-v1-m30", "audit-log-v1-m40", "audit-log-v1-m50"];

    /// <summary>Whether the upgrade is recorded as done in this database.</summary>
    public static async Task<bool> IsDoneAsync(string connectionString, CancellationToken ct = default)
    {
        await using var data = NpgsqlDataSource.Create(connectionString);
        return await ReadDoneAsync(data, ct) is not null;
    }

    /// <summary>
    /// Runs the upgrade unless it is recorded as done. Returns what moved, per kind (empty when it was done before).
    /// </summary>
    /// <param name="connectionString">The database, with schema 001–012 applied.</param>
    /// <param name="idempotencyRetention">How long an answer is kept after it was given: a moved answer expires at its
    /// completion time plus this (MotCua:Idempotency:Retention, 72 h by default); one already past it is not moved.</param>
    /// <param name="logger">One line per kind with its counts, and warnings for rows left for a next run.</param>
    /// <param name="ct">Cancels the run between batches; run it again to finish.</param>
    /// <exception cref="InvalidOperationException">A row disagrees with what the tables already hold (nothing of that row
    /// is deleted; the message names it).</exception>
    public static async Task<IReadOnlyList<HistoryUpgradeCount>> RunAsync(
        string connectionString, TimeSpan idempotencyRetention, ILogger logger, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(logger);

        await using var data = NpgsqlDataSource.Create(connectionString);
        if (await ReadDoneAsync(data, ct) is { } doneAt)
        {
            LogAlreadyDone(logger, doneAt);
            return [];
        }

        // A connection of its own outside the pool holds the lock, so closing it surely releases it.
        var lockBuilder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var lockConnection = new NpgsqlConnection(lockBuilder.ConnectionString);
        await lockConnection.OpenAsync(ct);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection) { CommandTimeout = 0 })
        {
            take.Parameters.AddWithValue("key", AdvisoryLockKey);
            await take.ExecuteNonQueryAsync(ct);
        }

        if (await ReadDoneAsync(data, ct) is { } doneMeanwhile)
        {
            LogAlreadyDone(logger, doneMeanwhile);
            return [];
        }

        await using var services = new ServiceCollection()
            .AddSerializer(s => s.AddAssembly(typeof(HistoryUpgrade).Assembly).AddAssembly(typeof(DossierIndexEntry).Assembly))
            .BuildServiceProvider();
        var started = DateTimeOffset.UtcNow;
        var run = new Run(data, services.GetRequiredService<Serializer>(), idempotencyRetention, started, logger, ct);
        LogStarting(logger);

        // Payments first: the channel-day stats take each payment's amount from motcua_payments_paid.
        var counts = new List<HistoryUpgradeCount>
        {
            await run.KindAsync(["payment-v1"], run.PaymentsAsync, RowOutcome.Kept, run.FlushPaymentsAsync),
            await run.KindAsync(["ledger-shard-v1"], run.LedgerShardsAsync, RowOutcome.Deleted),
            await run.KindAsync(["receipt-series-v1"], run.ReceiptSeriesAsync, RowOutcome.Deleted),
            await run.KindAsync(["dossier-counter-v1"], run.DossierCountersAsync, RowOutcome.Deleted),
            await run.KindAsync(["channel-v1"], run.ChannelsAsync, RowOutcome.Rewritten),
            await run.KindAsync(["agency-dossier-index-v1"], run.DossierIndexesAsync, RowOutcome.Deleted),
            await run.KindAsync(["agency-stats-v1"], run.AgencyStatsAsync, RowOutcome.Deleted),
            await run.KindAsync(["channel-day-stats-v1"], run.ChannelDayStatsAsync, RowOutcome.Deleted),
            await run.KindAsync(AuditStates, run.AuditLogsAsync, RowOutcome.Deleted),
            await run.KindAsync(["idempotency-v1"], run.IdempotencyAsync, RowOutcome.Deleted),
        };

        if (run.RowsLeft > 0)
        {
            LogRowsLeft(logger, run.RowsLeft);
            throw new InvalidOperationException(
                $"{run.RowsLeft} grain row(s) changed while they were being moved (is a silo of the old release still running?). "
                + "Stop every silo and run migrate again: what was moved stays, the rest is moved then.");
        }

        var summary = string.Join(", ", counts.Select(c => $"{c.Kind}: {c.Rows} rows, {c.Items} items ({c.Outcome})"));
        await using (var record = data.CreateCommand("""
            INSERT INTO motcua_upgrades (name, completed_at, summary) VALUES ($1, now(), $2)
            ON CONFLICT (name) DO NOTHING
            """))
        {
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = summary });
            await record.ExecuteNonQueryAsync(ct);
        }

        LogDone(logger, (DateTimeOffset.UtcNow - started).TotalSeconds, summary);
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection))
        {
            release.Parameters.AddWithValue("key", AdvisoryLockKey);
            await release.ExecuteNonQueryAsync(ct);
        }

        return counts;
    }

    private static async Task<DateTimeOffset?> ReadDoneAsync(NpgsqlDataSource data, CancellationToken ct)
    {
        await using var command = data.CreateCommand("SELECT completed_at FROM motcua_upgrades WHERE name = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
        return await command.ExecuteScalarAsync(ct) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    private enum RowOutcome
    {
        Deleted,
        Rewritten,
        Kept,
    }

    /// <summary>One <c>OrleansStorage</c> row, with the key columns that address it.</summary>
    private sealed record GrainRow(
        int IdHash, long N0, long N1, int TypeHash, string TypeString, string? Extension, string ServiceId, byte[]? Payload, int Version)
    {
        /// <summary>The grain's key: the string key, or the integer key of an integer-keyed grain.</summary>
        public string Key => Extension ?? N1.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A row processed: the items it moved, and the payload to write back (rewritten kinds only).</summary>
    private readonly record struct Moved(long Items, byte[]? Rewrite = null);

    private sealed class Run(
        NpgsqlDataSource data, Serializer serializer, TimeSpan retention, DateTimeOffset startedAt, ILogger logger, CancellationToken ct)
    {
        private readonly PostgresLedgerJournal journal = new(data);
        private readonly PostgresChannelBook channels = new(data);
        private readonly PostgresAuditTrail audit = new(data);
        private readonly PostgresIdempotencyAnswers answers = new(data);
        private readonly List<PaidPayment> paid = [];

        public long RowsLeft { get; private set; }

        /// <summary>
        /// Streams every row of the state names on a connection of its own (one snapshot, read once), and hands them to
        /// <paramref name="move"/>; every <see cref="BatchRows"/> rows, <paramref name="flush"/> writes what
        /// <paramref name="move"/> buffered, then each row is deleted or rewritten, only if it is still the version read.
        /// </summary>
        public async Task<HistoryUpgradeCount> KindAsync(
            string[] states, Func<GrainRow, Task<Moved>> move, RowOutcome outcome, Func<Task>? flush = null)
        {
            long rows = 0, items = 0;
            await using var connection = await data.OpenConnectionAsync(ct);
            await using var command = new NpgsqlCommand("""
                SELECT grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid,
                       payloadbinary, version
                FROM orleansstorage WHERE graintypestring = ANY($1)
                """, connection) { CommandTimeout = 0 };
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = states });
            await using var reader = await command.ExecuteReaderAsync(ct);
            var batch = new List<(GrainRow Row, Moved Moved)>();
            while (await reader.ReadAsync(ct))
            {
                var row = new GrainRow(reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3),
                    reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6),
                    reader.IsDBNull(7) ? null : (byte[])reader.GetValue(7), reader.GetInt32(8));
                Moved moved;
                try
                {
                    moved = row.Payload is null ? new Moved(0) : await move(row);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not InvalidOperationException)
                {
                    throw new InvalidOperationException($"Could not move the {row.TypeString} row of '{row.Key}': {ex.Message}", ex);
                }

                rows++;
                items += moved.Items;
                batch.Add((row, moved));
                if (batch.Count >= BatchRows)
                {
                    await (flush?.Invoke() ?? Task.CompletedTask);
                    await FinishAsync(batch, outcome);
                    batch.Clear();
                }
            }

            await (flush?.Invoke() ?? Task.CompletedTask);
            await FinishAsync(batch, outcome);
            var count = new HistoryUpgradeCount(string.Join("+", states.Length > 1 ? [states[0] + "*"] : states), rows, items,
                outcome.ToString().ToLowerInvariant());
            LogKind(logger, count.Kind, rows, items, count.Outcome);
            return count;
        }

        private async Task FinishAsync(List<(GrainRow Row, Moved Moved)> batch, RowOutcome outcome)
        {
            if (outcome == RowOutcome.Kept || batch.Count == 0)
            {
                return;
            }

            await using var commands = data.CreateBatch();
            var sent = new List<GrainRow>();
            foreach (var (row, moved) in batch)
            {
                if (outcome == RowOutcome.Rewritten && moved.Rewrite is null)
                {
                    continue; // already in the new shape
                }

                var command = outcome == RowOutcome.Deleted
                    ? new NpgsqlBatchCommand("""
                        DELETE FROM orleansstorage
                        WHERE grainidhash = $1 AND graintypehash = $2 AND serviceid = $3 AND grainidn0 = $4 AND grainidn1 = $5
                          AND graintypestring = $6 AND grainidextensionkey = $7 AND version = $8
                        """)
                    : new NpgsqlBatchCommand("""
                        UPDATE orleansstorage SET payloadbinary = $9, version = version + 1, modifiedon = now()
                        WHERE grainidhash = $1 AND graintypehash = $2 AND serviceid = $3 AND grainidn0 = $4 AND grainidn1 = $5
                          AND graintypestring = $6 AND grainidextensionkey = $7 AND version = $8
                        """);
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = row.IdHash });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = row.TypeHash });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.ServiceId });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.N0 });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.N1 });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.TypeString });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Extension ?? "" });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = row.Version });
                if (outcome == RowOutcome.Rewritten)
                {
                    command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = moved.Rewrite! });
                }

                commands.BatchCommands.Add(command);
                sent.Add(row);
            }

            if (sent.Count == 0)
            {
                return;
            }

            await commands.ExecuteNonQueryAsync(ct);
            for (var i = 0; i < sent.Count; i++)
            {
                if (commands.BatchCommands[i].RecordsAffected != 1)
                {
                    RowsLeft++;
                    LogRowChanged(logger, sent[i].TypeString, sent[i].Key);
                }
            }
        }

        private T Read<T>(GrainRow row)
            where T : class =>
            serializer.Deserialize<T>(row.Payload!)
            ?? throw new InvalidOperationException($"The {row.TypeString} row of '{row.Key}' holds no state.");

        // payment-v1 stays; reconciliation's row for each ledgered payment is copied out (the current release writes it
        // before the ledger entry; payments ledgered before the upgrade have none).
        public async Task<Moved> PaymentsAsync(GrainRow row)
        {
            var payment = Read<LegacyPaymentState>(row);
            if (!payment.LedgerPosted)
            {
                return new Moved(0);
            }

            paid.Add(new PaidPayment(row.Key, payment.Reference, payment.ProviderReference, payment.Amount));
            return new Moved(1);
        }

        /// <summary>Writes the buffered payments in one statement, as <see cref="PostgresPaymentBook.RecordAsync"/> writes one.</summary>
        public async Task FlushPaymentsAsync()
        {
            if (paid.Count == 0)
            {
                return;
            }

            await using var command = data.CreateCommand("""
                INSERT INTO motcua_payments_paid (payment_id, reference, provider_reference, amount)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
                ON CONFLICT (payment_id) DO UPDATE SET
                    reference = excluded.reference, provider_reference = excluded.provider_reference, amount = excluded.amount
                """);
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. paid.Select(p => p.PaymentId)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. paid.Select(p => p.Reference)] });
            command.Parameters.Add(new NpgsqlParameter
            {
                Value = paid.Select(p => (object?)p.ProviderReference ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
            });
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. paid.Select(p => p.Amount)] });
            await command.ExecuteNonQueryAsync(ct);
            paid.Clear();
        }

        public async Task<Moved> LedgerShardsAsync(GrainRow row)
        {
            var shard = checked((int)row.N1);
            var state = Read<LegacyLedgerShardState>(row);
            var entries = state.Entries
                .Select(e => new JournalEntry(e.Key, e.Value.Postings, e.Value.At, e.Value.Memo))
                .OrderBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal)
                .ToList();
            foreach (var chunk in entries.Chunk(ChunkItems))
            {
                var results = await journal.AppendAsync(shard, chunk, ct);
                var other = results.FirstOrDefault(r => !r.Inserted && !SamePostings(r.Stored.Postings, chunk.First(e => e.Id == r.Stored.Id).Postings));
                if (other is not null)
                {
                    throw new InvalidOperationException(
                        $"Journal entry '{other.Stored.Id}' of ledger shard {shard} is already in motcua_journal_entries with other postings.");
                }
            }

            // The shard's balance rows must now be exactly the old state's balances.
            var balances = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var command = data.CreateCommand("SELECT account, balance FROM motcua_account_balances WHERE shard = $1"))
            {
                command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = checked((short)shard) });
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    balances[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            var differing = state.Balances.Where(b => balances.GetValueOrDefault(b.Key) != b.Value).Select(b => b.Key)
                .Concat(balances.Where(b => b.Value != 0 && !state.Balances.ContainsKey(b.Key)).Select(b => b.Key))
                .ToList();
            if (differing.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Ledger shard {shard}: after its {entries.Count} entries the balance rows differ from its stored balances for "
                    + $"{differing.Count} account(s), e.g. '{differing[0]}' ({balances.GetValueOrDefault(differing[0])} in the table, "
                    + $"{state.Balances.GetValueOrDefault(differing[0])} in the grain row). The grain row is kept.");
            }

            return new Moved(entries.Count);
        }

        private static bool SamePostings(IReadOnlyList<Posting> a, IReadOnlyList<Posting> b) =>
            a.Count == b.Count && a.Zip(b).All(p => p.First.Account == p.Second.Account && p.First.Amount == p.Second.Amount);

        public async Task<Moved> ReceiptSeriesAsync(GrainRow row)
        {
            var series = row.Key;
            var receipts = Read<LegacyReceiptSeriesState>(row).Receipts;
            for (var start = 0; start < receipts.Count; start += ChunkItems)
            {
                var chunk = receipts.Skip(start).Take(ChunkItems).ToList();
                await using var command = data.CreateCommand("""
                    INSERT INTO motcua_receipts (series, sequence, payment_id, amount, issued_at)
                    SELECT $1, r.sequence, r.payment_id, r.amount, r.issued_at
                    FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::timestamptz[]) AS r(sequence, payment_id, amount, issued_at)
                    ON CONFLICT DO NOTHING
                    """);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = series });
                command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. chunk.Select((_, i) => (long)(start + i + 1))] });
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. chunk.Select(r => r.PaymentId)] });
                command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. chunk.Select(r => r.Amount)] });
                command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. chunk.Select(r => r.IssuedAt.UtcDateTime)] });
                await command.ExecuteNonQueryAsync(ct);
            }

            // Receipt n of the grain row must be the table's (series, n).
            var stored = new Dictionary<long, string>();
            await using (var read = data.CreateCommand("SELECT sequence, payment_id FROM motcua_receipts WHERE series = $1 AND sequence <= $2"))
            {
                read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = series });
                read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = receipts.Count });
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    stored[reader.GetInt64(0)] = reader.GetString(1);
                }
            }

            for (var i = 0; i < receipts.Count; i++)
            {
                if (stored.GetValueOrDefault(i + 1) != receipts[i].PaymentId)
                {
                    throw new InvalidOperationException(
                        $"Receipt series {series}: number {i + 1} is payment '{receipts[i].PaymentId}' in the grain row but "
                        + $"'{stored.GetValueOrDefault(i + 1) ?? "nothing"}' in motcua_receipts. The grain row is kept.");
                }
            }

            return new Moved(receipts.Count);
        }

        public async Task<Moved> DossierCountersAsync(GrainRow row)
        {
            var unitDay = row.Key;
            var allocations = Read<LegacyDossierCounterState>(row).Allocations.OrderBy(a => a.Value).ToList();
            foreach (var chunk in allocations.Chunk(ChunkItems))
            {
                await using var command = data.CreateCommand("""
                    INSERT INTO motcua_dossier_numbers (unit_day, number, operation_id)
                    SELECT $1, n.number, n.operation_id FROM unnest($2::integer[], $3::text[]) AS n(number, operation_id)
                    ON CONFLICT DO NOTHING
                    """);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = unitDay });
                command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. chunk.Select(a => a.Value)] });
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. chunk.Select(a => a.Key)] });
                await command.ExecuteNonQueryAsync(ct);
            }

            var stored = new Dictionary<int, string>();
            await using (var read = data.CreateCommand("SELECT number, operation_id FROM motcua_dossier_numbers WHERE unit_day = $1"))
            {
                read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = unitDay });
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    stored[reader.GetInt32(0)] = reader.GetString(1);
                }
            }

            var wrong = allocations.FirstOrDefault(a => stored.GetValueOrDefault(a.Value) != a.Key);
            if (wrong.Key is not null)
            {
                throw new InvalidOperationException(
                    $"Dossier numbers of {unitDay}: number {wrong.Value} went to operation '{wrong.Key}' in the grain row but to "
                    + $"'{stored.GetValueOrDefault(wrong.Value) ?? "nothing"}' in motcua_dossier_numbers. The grain row is kept.");
            }

            return new Moved(allocations.Count);
        }

        public async Task<Moved> ChannelsAsync(GrainRow row)
        {
            var channelId = row.Key;
            var state = Read<UpgradeChannelState>(row);
            var confirmed = state.Collections.Where(c => c.Value.Confirmed).ToList();
            if (confirmed.All(c => c.Value.Booked) && state.Settlements.All(s => s.Booked))
            {
                return new Moved(0); // written by the current release, or rewritten by a run before
            }

            await channels.RecordCollectionsAsync([.. confirmed.Select(c => new ChannelCollectionRow(channelId, c.Key,
                c.Value.Reference, c.Value.PaymentId, c.Value.DossierCode, c.Value.Amount, c.Value.ReceiptNumber, c.Value.At,
                c.Value.PaymentStatus, c.Value.WindowNumber))], ct);
            foreach (var s in state.Settlements)
            {
                await channels.RecordSettlementAsync(
                    new ChannelSettlementRow(channelId, s.Number, s.OperationId, s.OpenedAt, s.ClosedAt, s.Count, s.Total,
                        RemittanceReference: null, ReceivedAt: s.ClosedAt), ct); // closing a window then ledgered it as received
                if (await channels.FindSettlementAsync(channelId, s.OperationId, ct) is not { } booked || booked.Number != s.Number)
                {
                    throw new InvalidOperationException(
                        $"Channel {channelId}: settlement {s.Number} ('{s.OperationId}') is not in motcua_channel_settlements "
                        + "as the grain row has it. The grain row is kept.");
                }

                s.Booked = true;
            }

            foreach (var c in confirmed)
            {
                var booked = await channels.FindCollectionAsync(channelId, c.Key, ct);
                if (booked is null || booked.PaymentId != c.Value.PaymentId || booked.Amount != c.Value.Amount)
                {
                    throw new InvalidOperationException(
                        $"Channel {channelId}: collection '{c.Key}' is not in motcua_channel_collections as the grain row has it. "
                        + "The grain row is kept.");
                }
            }

            // Confirmation order: the old row has none, so the collections are numbered by when they were made.
            var order = 0L;
            foreach (var (_, c) in confirmed.OrderBy(c => c.Value.At).ThenBy(c => c.Key, StringComparer.Ordinal))
            {
                c.Booked = true;
                c.ConfirmedOrder = ++order;
            }

            state.ConfirmedCount = Math.Max(state.ConfirmedCount, order);
            foreach (var old in confirmed.OrderByDescending(c => c.Value.ConfirmedOrder).Skip(ChannelRecentCollections))
            {
                state.Collections.Remove(old.Key);
            }

            var finished = state.Settlements.Where(s => s.Booked && s.Ledgered).ToList();
            foreach (var old in finished.Take(Math.Max(0, finished.Count - ChannelRecentSettlements)))
            {
                state.Settlements.Remove(old);
            }

            foreach (var s in state.Settlements)
            {
                s.CollectionIds = []; // listed from the book now
            }

            return new Moved(confirmed.Count + finished.Count, serializer.SerializeToArray(state));
        }

        public async Task<Moved> DossierIndexesAsync(GrainRow row)
        {
            // The same upsert as PostgresDossierIndex.UpsertAsync (a row changes only for a later version), a chunk at a time.
            var entries = Read<LegacyAgencyDossierIndexState>(row).Entries.Values.ToList();
            foreach (var chunk in entries.Chunk(ChunkItems))
            {
                await using var command = data.CreateCommand("""
                    INSERT INTO motcua_dossier_index
                        (code, agency_code, status, due_at, due_key, overdue, version, changed_at, procedure_code, receiving_centre, closed)
                    SELECT code, agency_code, status, due_at, coalesce(due_at, 'infinity'::timestamptz), overdue, version, changed_at,
                           procedure_code, receiving_centre, closed
                    FROM unnest($1::text[], $2::text[], $3::smallint[], $4::timestamptz[], $5::boolean[], $6::bigint[],
                                $7::timestamptz[], $8::text[], $9::text[], $10::boolean[])
                        AS e(code, agency_code, status, due_at, overdue, version, changed_at, procedure_code, receiving_centre, closed)
                    ON CONFLICT (code) DO UPDATE SET
                        agency_code = excluded.agency_code, status = excluded.status, due_at = excluded.due_at, due_key = excluded.due_key,
                        overdue = excluded.overdue, version = excluded.version, changed_at = excluded.changed_at,
                        procedure_code = excluded.procedure_code, receiving_centre = excluded.receiving_centre, closed = excluded.closed
                    WHERE motcua_dossier_index.version < excluded.version
                    """);
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. chunk.Select(e => e.Code)] });
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. chunk.Select(e => e.AgencyCode)] });
                command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. chunk.Select(e => (short)e.Status)] });
                command.Parameters.Add(new NpgsqlParameter<DateTime?[]> { TypedValue = [.. chunk.Select(e => e.DueAt?.UtcDateTime)] });
                command.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = [.. chunk.Select(e => e.Overdue)] });
                command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. chunk.Select(e => e.Version)] });
                command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. chunk.Select(e => e.ChangedAt.UtcDateTime)] });
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. chunk.Select(e => e.ProcedureCode)] });
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. chunk.Select(e => e.ReceivingCentre)] });
                command.Parameters.Add(new NpgsqlParameter<bool[]>
                {
                    TypedValue = [.. chunk.Select(e => DossierIndexRules.ClosedStatuses.Contains(e.Status))],
                });
                await command.ExecuteNonQueryAsync(ct);
            }

            // Those rows did not go through motcua_dossier_index_upsert, which moves the list's counters (schema 011):
            // the agencies' counters are recounted from the projection, in one transaction (no silo runs meanwhile).
            await using (var recount = data.CreateCommand("SELECT motcua_dossier_counts_recount($1)"))
            {
                recount.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.AgencyCode).Distinct(StringComparer.Ordinal)] });
                await recount.ExecuteNonQueryAsync(ct);
            }

            return new Moved(entries.Count);
        }

        public async Task<Moved> AgencyStatsAsync(GrainRow row)
        {
            var slash = row.Key.LastIndexOf('/');
            var agency = row.Key[..slash];
            var shard = int.Parse(row.Key[(slash + 1)..], CultureInfo.InvariantCulture);
            var state = Read<LegacyAgencyStatsState>(row);
            var tracks = state.Dossiers.ToList();
            foreach (var chunk in tracks.Chunk(ChunkItems))
            {
                await using var command = data.CreateCommand("""
                    INSERT INTO motcua_agency_dossier_stats AS t
                        (code, agency_code, shard, last_sequence, status, submitted_month, finished_month, on_time)
                    SELECT d.code, $1, $2, d.last_sequence, d.status, d.submitted_month, d.finished_month, d.on_time
                    FROM unnest($3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::boolean[])
                        AS d(code, last_sequence, status, submitted_month, finished_month, on_time)
                    ON CONFLICT (code) DO NOTHING
                    """);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = agency });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = shard });
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. chunk.Select(d => d.Key)] });
                command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. chunk.Select(d => d.Value.LastSequence)] });
                command.Parameters.Add(new NpgsqlParameter { Value = chunk.Select(d => (object?)d.Value.Status ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = chunk.Select(d => Month(d.Value.SubmittedAt)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = chunk.Select(d => Month(d.Value.FinishedAt)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = chunk.Select(d => d.Value.OnTime is { } onTime ? (object)onTime : DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean });
                await command.ExecuteNonQueryAsync(ct);
            }

            if (state.LastEventAt is { } lastEventAt)
            {
                await using var counters = data.CreateCommand("""
                    INSERT INTO motcua_agency_stats_shards AS s (agency_code, shard, last_event_at, updated_at, events_applied)
                    VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (agency_code, shard) DO NOTHING
                    """);
                counters.Parameters.Add(new NpgsqlParameter<string> { TypedValue = agency });
                counters.Parameters.Add(new NpgsqlParameter<int> { TypedValue = shard });
                counters.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = lastEventAt.UtcDateTime });
                counters.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (state.UpdatedAt ?? lastEventAt).UtcDateTime });
                counters.Parameters.Add(new NpgsqlParameter<long> { TypedValue = state.EventsApplied });
                await counters.ExecuteNonQueryAsync(ct);
            }

            return new Moved(tracks.Count);
        }

        private static object Month(DateTimeOffset? at) =>
            at is { } value ? value.ToVietnam().ToString("yyyy-MM", CultureInfo.InvariantCulture) : DBNull.Value;

        public async Task<Moved> ChannelDayStatsAsync(GrainRow row)
        {
            var slash = row.Key.LastIndexOf('/');
            var channelId = row.Key[..slash];
            var day = DateOnly.ParseExact(row.Key[(slash + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var state = Read<LegacyChannelDayStatsState>(row);

            // The old row kept each payment's method, not its amount: the amount is the payment's own.
            var amounts = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var read = data.CreateCommand("SELECT payment_id, amount FROM motcua_payments_paid WHERE payment_id = ANY($1)"))
            {
                read.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. state.Payments.Keys] });
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    amounts[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            var missing = state.Payments.Keys.Where(p => !amounts.ContainsKey(p)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Channel-day stats {row.Key}: {missing.Count} payment(s) counted there have no ledgered payment row, e.g. "
                    + $"'{missing[0]}'. The grain row is kept.");
            }

            var payments = state.Payments.ToList();
            foreach (var chunk in payments.Chunk(ChunkItems))
            {
                await using var command = data.CreateCommand("""
                    INSERT INTO motcua_channel_day_payments (channel_id, day, payment_id, method, amount)
                    SELECT $1, $2, p.payment_id, p.method, p.amount FROM unnest($3::text[], $4::text[], $5::bigint[]) AS p(payment_id, method, amount)
                    ON CONFLICT DO NOTHING
                    """);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = channelId });
                command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. chunk.Select(p => p.Key)] });
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. chunk.Select(p => p.Value)] });
                command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. chunk.Select(p => amounts[p.Key])] });
                await command.ExecuteNonQueryAsync(ct);
            }

            var lastEventAt = state.LastEventAt ?? state.UpdatedAt ?? DateTimeOffset.UnixEpoch;
            foreach (var (method, total) in state.ByMethod)
            {
                await using var counters = data.CreateCommand("""
                    INSERT INTO motcua_channel_day_totals (channel_id, day, method, count, amount, last_event_at, updated_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    ON CONFLICT (channel_id, day, method) DO NOTHING
                    """);
                counters.Parameters.Add(new NpgsqlParameter<string> { TypedValue = channelId });
                counters.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
                counters.Parameters.Add(new NpgsqlParameter<string> { TypedValue = method });
                counters.Parameters.Add(new NpgsqlParameter<int> { TypedValue = total.Count });
                counters.Parameters.Add(new NpgsqlParameter<long> { TypedValue = total.Amount });
                counters.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = lastEventAt.UtcDateTime });
                counters.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = (state.UpdatedAt ?? lastEventAt).UtcDateTime });
                await counters.ExecuteNonQueryAsync(ct);
            }

            return new Moved(payments.Count);
        }

        public async Task<Moved> AuditLogsAsync(GrainRow row)
        {
            var entries = Read<LegacyAuditLogState>(row).Entries;
            foreach (var chunk in entries.Chunk(ChunkItems))
            {
                await audit.AppendAsync(chunk, ct);
            }

            return new Moved(entries.Count);
        }

        public async Task<Moved> IdempotencyAsync(GrainRow row)
        {
            var state = Read<LegacyIdempotencyState>(row);
            if (state.Response is null || state.Fingerprint is null)
            {
                return new Moved(0); // no answer was stored: nothing to replay
            }

            // An answer past its retention is never replayed (the grain treats it as absent and the sweeper deletes it):
            // only the row goes.
            var completedAt = state.CompletedAt ?? state.StartedAt;
            if (completedAt + retention <= startedAt)
            {
                return new Moved(0);
            }

            await answers.SaveAsync(row.Key, new IdempotencyAnswer(state.Fingerprint, state.Response, completedAt, completedAt + retention), ct);
            return new Moved(1);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "History upgrade: already done at {DoneAt:o}; nothing to move.")]
    private static partial void LogAlreadyDone(ILogger logger, DateTimeOffset doneAt);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "History upgrade: moving history out of grain state rows of the release before the history tables (if any).")]
    private static partial void LogStarting(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "History upgrade: {Kind}: {Rows} grain rows read, {Items} items in the tables, rows {Outcome}.")]
    private static partial void LogKind(ILogger logger, string kind, long rows, long items, string outcome);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "History upgrade: the {Kind} row of '{Key}' changed while it was moved; it is left for the next run.")]
    private static partial void LogRowChanged(ILogger logger, string kind, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "History upgrade: {Rows} grain row(s) changed during the run; not recorded as done.")]
    private static partial void LogRowsLeft(ILogger logger, long rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "History upgrade: done in {Seconds:F1} s and recorded in motcua_upgrades ({Summary}).")]
    private static partial void LogDone(ILogger logger, double seconds, string summary);
}
