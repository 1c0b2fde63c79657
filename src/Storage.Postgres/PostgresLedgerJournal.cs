using MotCua.Grains.Interfaces.Ledger;
using MotCua.Grains.Interfaces.Storage;
using Npgsql;
using NpgsqlTypes;

namespace MotCua.Storage.Postgres;

/// <summary>
/// The journal in <c>motcua_journal_entries</c> / <c>motcua_journal_postings</c>, with balances in
/// <c>motcua_account_balances</c> (schema 006). An append is one statement, so one round trip and one commit: the new
/// entries, their posting lines, the shard's balance rows and its entry count change together or not at all.
/// </summary>
public sealed class PostgresLedgerJournal(NpgsqlDataSource data) : ILedgerJournal
{
    // Entries whose id is new are inserted; the lines and balances follow only those (an id seen before changes nothing).
    private const string AppendSql = """
        WITH input AS (
            SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::text[]) AS i(entry_id, at, memo)
        ), inserted AS (
            INSERT INTO motcua_journal_entries (entry_id, shard, at, memo)
            SELECT entry_id, $1, at, memo FROM input
            ON CONFLICT (entry_id) DO NOTHING
            RETURNING entry_id, at
        ), posted AS (
            INSERT INTO motcua_journal_postings (entry_id, line, account, amount, at)
            SELECT l.entry_id, l.line, l.account, l.amount, inserted.at
            FROM unnest($5::text[], $6::smallint[], $7::text[], $8::bigint[]) AS l(entry_id, line, account, amount)
            JOIN inserted USING (entry_id)
            RETURNING account, amount
        ), balances AS (
            INSERT INTO motcua_account_balances (account, shard, balance)
            SELECT account, $1, sum(amount) FROM posted GROUP BY account
            ON CONFLICT (account, shard) DO UPDATE SET balance = motcua_account_balances.balance + EXCLUDED.balance
        ), counted AS (
            INSERT INTO motcua_journal_shards (shard, entries)
            SELECT $1, count(*) FROM inserted HAVING count(*) > 0
            ON CONFLICT (shard) DO UPDATE SET entries = motcua_journal_shards.entries + EXCLUDED.entries
        )
        SELECT entry_id FROM inserted
        """;

    private const string FindSql = """
        SELECT e.entry_id, e.at, e.memo, p.account, p.amount
        FROM motcua_journal_entries e JOIN motcua_journal_postings p USING (entry_id)
        WHERE e.entry_id = ANY($1)
        ORDER BY e.entry_id, p.line
        """;

    public async Task<IReadOnlyList<JournalAppendResult>> AppendAsync(int shard, IReadOnlyList<JournalEntry> entries, CancellationToken ct = default)
    {
        if (entries.Count == 0)
        {
            return [];
        }

        // The same id twice in one batch is sent once: the first is the one that may be inserted.
        var unique = entries.DistinctBy(e => e.Id, StringComparer.Ordinal).ToList();
        var lineIds = new List<string>();
        var lineNumbers = new List<short>();
        var lineAccounts = new List<string>();
        var lineAmounts = new List<long>();
        foreach (var entry in unique)
        {
            for (var i = 0; i < entry.Postings.Count; i++)
            {
                lineIds.Add(entry.Id);
                lineNumbers.Add(checked((short)i));
                lineAccounts.Add(entry.Postings[i].Account);
                lineAmounts.Add(entry.Postings[i].Amount);
            }
        }

        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = data.CreateCommand(AppendSql))
        {
            command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = checked((short)shard) });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. unique.Select(e => e.Id)] });
            command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. unique.Select(e => e.At.UtcDateTime)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. unique.Select(e => e.Memo)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. lineIds] });
            command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. lineNumbers] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. lineAccounts] });
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. lineAmounts] });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                inserted.Add(reader.GetString(0));
            }
        }

        var before = entries.Where(e => !inserted.Contains(e.Id)).Select(e => e.Id).Distinct(StringComparer.Ordinal).ToArray();
        var stored = before.Length == 0
            ? new Dictionary<string, JournalEntry>(StringComparer.Ordinal)
            : (await ReadAsync(before, ct)).ToDictionary(e => e.Id, StringComparer.Ordinal);

        // The same id twice in one batch: the first was inserted, the second is "stored before" (by the first).
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. entries.Select(e => inserted.Contains(e.Id) && seen.Add(e.Id)
            ? new JournalAppendResult(e, true)
            : new JournalAppendResult(stored.GetValueOrDefault(e.Id) ?? entries.First(x => x.Id == e.Id), false))];
    }

    public async Task<JournalEntry?> FindAsync(string entryId, CancellationToken ct = default) =>
        (await ReadAsync([entryId], ct)).SingleOrDefault();

    public async Task<IReadOnlyList<JournalEntry>> FindByAccountAsync(string account, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var command = data.CreateCommand("""
            SELECT DISTINCT entry_id FROM motcua_journal_postings WHERE account = $1 AND at >= $2 AND at < $3
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = account });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = from.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = to.UtcDateTime });
        var ids = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetString(0));
            }
        }

        var entries = ids.Count == 0 ? [] : await ReadAsync([.. ids], ct);
        return [.. entries.OrderBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal)];
    }

    public async Task<long> GetBalanceAsync(string account, CancellationToken ct = default)
    {
        await using var command = data.CreateCommand("SELECT coalesce(sum(balance), 0)::bigint FROM motcua_account_balances WHERE account = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = account });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<LedgerTotals> GetTotalsAsync(CancellationToken ct = default)
    {
        await using var batch = data.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT coalesce(sum(balance), 0)::bigint FROM motcua_account_balances"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT coalesce(sum(entries), 0)::bigint FROM motcua_journal_shards"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "SELECT shard FROM motcua_account_balances GROUP BY shard HAVING sum(balance) <> 0 ORDER BY shard"));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var count = reader.GetInt64(0);
        await reader.NextResultAsync(ct);
        var unbalanced = new List<int>();
        while (await reader.ReadAsync(ct))
        {
            unbalanced.Add(reader.GetInt16(0));
        }

        return new LedgerTotals(total, count, unbalanced);
    }

    public async Task<IReadOnlyList<AccountBalance>> GetBalancesAsync(string? prefix, string? after, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = data.CreateCommand("""
            SELECT account, sum(balance)::bigint FROM motcua_account_balances
            WHERE ($1::text IS NULL OR account > $1) AND ($2::text IS NULL OR starts_with(account, $2))
            GROUP BY account ORDER BY account LIMIT $3
            """);
        command.Parameters.Add(NullableParameters.Text(after));
        command.Parameters.Add(NullableParameters.Text(prefix));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var page = new List<AccountBalance>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            page.Add(new AccountBalance(reader.GetString(0), reader.GetInt64(1)));
        }

        return page;
    }

    private async Task<List<JournalEntry>> ReadAsync(string[] ids, CancellationToken ct)
    {
        await using var command = data.CreateCommand(FindSql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });
        var entries = new List<JournalEntry>();
        string? id = null;
        DateTimeOffset at = default;
        string memo = "";
        var postings = new List<Posting>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var rowId = reader.GetString(0);
            if (rowId != id)
            {
                if (id is not null)
                {
                    entries.Add(new JournalEntry(id, postings, at, memo));
                }

                id = rowId;
                at = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
                memo = reader.GetString(2);
                postings = [];
            }

            postings.Add(new Posting(reader.GetString(3), reader.GetInt64(4)));
        }

        if (id is not null)
        {
            entries.Add(new JournalEntry(id, postings, at, memo));
        }

        return entries;
    }
}
