using MotCua.Grains.Interfaces.Dossiers;
using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Storage;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Bench.Seed;

/// <summary>
/// The rows the bulk dossiers own in MotCua's tables, written with binary COPY in one transaction: what the dossier
/// grain, the dossier-number book, the payment's ledger saga and the receipt book would have written one by one.
/// </summary>
public static class BulkTables
{
    /// <summary>How many bulk dossiers a previous run stored (their reconciliation rows are written last).</summary>
    public static async Task<int> CountAsync(NpgsqlDataSource data)
    {
        await using var command = data.CreateCommand("SELECT count(*)::int FROM motcua_payments_paid WHERE payment_id LIKE 'pay\\_bulk%'");
        return (int)(await command.ExecuteScalarAsync())!;
    }

    public static async Task WriteAsync(NpgsqlDataSource data, BulkDossiers bulk, int from, int to)
    {
        await using var connection = await data.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var range = Enumerable.Range(from, to - from);

        await using (var index = await connection.BeginBinaryImportAsync(
            "COPY motcua_dossier_index (code, agency_code, status, due_at, due_key, overdue, version, changed_at, procedure_code, receiving_centre, closed) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var one in range.Select(bulk.Make))
            {
                var d = one.Dossier;
                await index.StartRowAsync();
                await index.WriteAsync(one.Code, NpgsqlDbType.Text);
                await index.WriteAsync(d.AgencyCode, NpgsqlDbType.Text);
                await index.WriteAsync((short)d.Status, NpgsqlDbType.Smallint);
                await WriteTimeAsync(index, d.DueAt);
                await index.WriteAsync((d.DueAt ?? DateTimeOffset.MaxValue).UtcDateTime, NpgsqlDbType.TimestampTz);
                await index.WriteAsync(false, NpgsqlDbType.Boolean);
                await index.WriteAsync(d.Events[^1].Sequence, NpgsqlDbType.Bigint);
                await index.WriteAsync(d.Events[^1].At.UtcDateTime, NpgsqlDbType.TimestampTz);
                await index.WriteAsync(d.ProcedureCode, NpgsqlDbType.Text);
                await index.WriteAsync(d.ReceivingCentre, NpgsqlDbType.Text);
                await index.WriteAsync(DossierIndexRules.ClosedStatuses.Contains(d.Status), NpgsqlDbType.Boolean);
            }

            await index.CompleteAsync();
        }

        await using (var numbers = await connection.BeginBinaryImportAsync(
            "COPY motcua_dossier_numbers (unit_day, number, operation_id, issued_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var one in range.Select(bulk.Make))
            {
                await numbers.StartRowAsync();
                await numbers.WriteAsync(one.UnitDay, NpgsqlDbType.Text);
                await numbers.WriteAsync(one.Number, NpgsqlDbType.Integer);
                await numbers.WriteAsync($"bench-seed:{one.Code}", NpgsqlDbType.Text);
                await numbers.WriteAsync(one.Dossier.SubmittedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            }

            await numbers.CompleteAsync();
        }

        await using (var entries = await connection.BeginBinaryImportAsync(
            "COPY motcua_journal_entries (entry_id, shard, at, memo) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var one in range.Select(bulk.Make))
            {
                var entryId = EntryId(one);
                await entries.StartRowAsync();
                await entries.WriteAsync(entryId, NpgsqlDbType.Text);
                await entries.WriteAsync((short)LedgerShards.Of(entryId), NpgsqlDbType.Smallint);
                await entries.WriteAsync(one.PaidAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                await entries.WriteAsync($"vietqr payment {one.PaymentId} of dossier {one.Code} (applied)", NpgsqlDbType.Text);
            }

            await entries.CompleteAsync();
        }

        await using (var postings = await connection.BeginBinaryImportAsync(
            "COPY motcua_journal_postings (entry_id, line, account, amount, at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var one in range.Select(bulk.Make))
            {
                foreach (var (line, account, amount) in Postings(one))
                {
                    await postings.StartRowAsync();
                    await postings.WriteAsync(EntryId(one), NpgsqlDbType.Text);
                    await postings.WriteAsync(line, NpgsqlDbType.Smallint);
                    await postings.WriteAsync(account, NpgsqlDbType.Text);
                    await postings.WriteAsync(amount, NpgsqlDbType.Bigint);
                    await postings.WriteAsync(one.PaidAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                }
            }

            await postings.CompleteAsync();
        }

        await using (var receipts = await connection.BeginBinaryImportAsync(
            "COPY motcua_receipts (series, sequence, payment_id, amount, issued_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var one in range.Select(bulk.Make))
            {
                await receipts.StartRowAsync();
                await receipts.WriteAsync(bulk.ReceiptSeries, NpgsqlDbType.Text);
                await receipts.WriteAsync(one.ReceiptSequence, NpgsqlDbType.Bigint);
                await receipts.WriteAsync(one.PaymentId, NpgsqlDbType.Text);
                await receipts.WriteAsync(one.Payment.Amount, NpgsqlDbType.Bigint);
                await receipts.WriteAsync(one.PaidAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            }

            await receipts.CompleteAsync();
        }

        await using (var paid = await connection.BeginBinaryImportAsync(
            "COPY motcua_payments_paid (payment_id, reference, provider_reference, amount) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var one in range.Select(bulk.Make))
            {
                await paid.StartRowAsync();
                await paid.WriteAsync(one.PaymentId, NpgsqlDbType.Text);
                await paid.WriteAsync(one.Reference, NpgsqlDbType.Text);
                await paid.WriteAsync(one.ProviderReference, NpgsqlDbType.Text);
                await paid.WriteAsync(one.Payment.Amount, NpgsqlDbType.Bigint);
            }

            await paid.CompleteAsync();
        }

        // Balances and entry counts per shard move by what was posted; the list's counters are recounted for the agency.
        var first = from == 0 ? "pay:pay_bulk" : EntryId(bulk.Make(from));
        await ExecuteAsync(connection, $"""
            INSERT INTO motcua_account_balances AS b (account, shard, balance)
            SELECT p.account, e.shard, sum(p.amount) FROM motcua_journal_postings p JOIN motcua_journal_entries e USING (entry_id)
            WHERE p.entry_id LIKE 'pay:pay\_bulk%' AND p.entry_id >= '{first}' COLLATE "C"
            GROUP BY p.account, e.shard
            ON CONFLICT (account, shard) DO UPDATE SET balance = b.balance + excluded.balance;
            INSERT INTO motcua_journal_shards AS s (shard, entries)
            SELECT shard, count(*) FROM motcua_journal_entries WHERE entry_id LIKE 'pay:pay\_bulk%' AND entry_id >= '{first}' COLLATE "C"
            GROUP BY shard
            ON CONFLICT (shard) DO UPDATE SET entries = s.entries + excluded.entries;
            SELECT motcua_dossier_counts_recount(ARRAY['{bulk.AgencyCode}']);
            """);
        await transaction.CommitAsync();
        await ExecuteAsync(connection, "VACUUM ANALYZE");
    }

    private static string EntryId(BulkDossier one) => $"pay:{one.PaymentId}";

    /// <summary>The payment's ledger entry: the provider's clearing account debited, each fee's revenue credited.</summary>
    private static IEnumerable<(short Line, string Account, long Amount)> Postings(BulkDossier one)
    {
        yield return (0, LedgerAccounts.Clearing(BulkDossiers.Provider), one.Payment.Amount);
        short line = 1;
        foreach (var fee in one.Payment.FeeLines)
        {
            yield return (line++, LedgerAccounts.Revenue(one.Payment.AgencyCode, fee.Kind), -fee.Amount);
        }
    }

    private static async Task WriteTimeAsync(NpgsqlBinaryImporter import, DateTimeOffset? at)
    {
        if (at is { } value)
        {
            await import.WriteAsync(value.UtcDateTime, NpgsqlDbType.TimestampTz);
        }
        else
        {
            await import.WriteNullAsync();
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
