using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using MotCua.Integration.Tests.Infrastructure;
using MotCua.Storage.Postgres;
using MotCua.Storage.Postgres.Upgrade;
using Npgsql;

namespace MotCua.Integration.Tests.Upgrade;

/// <summary>
/// Upgrade in place (issue 16): a database written by release f51f5af, before the history tables, is migrated by the
/// current <c>migrate</c> and then reads, through the current API, exactly as the old release answered.
/// </summary>
[Collection("postgres")]
public sealed class UpgradeTests(PostgresServer postgres)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private const string Channel = "vnpost:HN-0001";

    /// <summary>Long enough that the dump's idempotency answers are still kept whenever the test runs, so they move.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromDays(36_500);
    private const string ChannelRowSize =
        "SELECT length(payloadbinary) FROM orleansstorage WHERE graintypestring = 'channel-v1' AND grainidextensionstring = 'vnpost:HN-0001'";

    /// <summary>The state names whose rows held history and now keep nothing: none may be left after migrate.</summary>
    private static readonly string[] EmptiedStates =
    [
        "ledger-shard-v1", "receipt-series-v1", "dossier-counter-v1", "agency-dossier-index-v1", "agency-stats-v1",
        "channel-day-stats-v1", "audit-log-v1", "audit-log-v1-m10", "audit-log-v1-m20", "audit-log-v1-m30", "audit-log-v1-m40",
        "audit-log-v1-m50", "idempotency-v1",
    ];

    [Fact]
    public async Task TheOldReleasesDatabaseReadsTheSameAfterMigrateWithTheLedgerAtZero()
    {
        var expected = UpgradeFixture.Expected();
        var database = await UpgradeFixture.RestoreAsync(postgres, $"up_{Guid.NewGuid():N}"[..20]);
        var ledgerEntries = (long)expected["ledgerAudit"]!["entries"]!;
        var payments = expected["payments"]!.AsObject();
        var receipts = payments.Where(p => p.Value!["receiptNumber"] is not null).ToList();

        long channelRowBefore;
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            channelRowBefore = long.Parse(await UpgradeFixture.ScalarAsync(connection, ChannelRowSize), CultureInfo.InvariantCulture);
        }

        var (exitCode, output) = await UpgradeFixture.MigrateAsync(database);
        Assert.True(exitCode == 0, output);
        Assert.Contains($"ledger-shard-v1: 16 grain rows read, {ledgerEntries} items in the tables, rows deleted", output);
        Assert.Contains($"receipt-series-v1: 1 grain rows read, {receipts.Count} items in the tables, rows deleted", output);
        Assert.Contains($"agency-dossier-index-v1: 1 grain rows read, {expected["dossiers"]!.AsObject().Count} items", output);
        Assert.Contains("recorded in motcua_upgrades", output);

        // What migrate left in the database: no old-shape row of a grain that now keeps nothing, every receipt under its
        // number, every dossier number with its operation, and the channel row in its bounded shape.
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            Assert.Equal("0", await UpgradeFixture.ScalarAsync(connection,
                $"SELECT count(*) FROM orleansstorage WHERE graintypestring IN ({string.Join(", ", EmptiedStates.Select(s => $"'{s}'"))})"));
            foreach (var (paymentId, payment) in receipts)
            {
                var number = (string)payment!["receiptNumber"]!; // SXD-2026-0000099
                var dash = number.LastIndexOf('-');
                Assert.Equal(paymentId, await UpgradeFixture.ScalarAsync(connection,
                    $"SELECT payment_id FROM motcua_receipts WHERE series = '{number[..dash]}' AND sequence = {long.Parse(number[(dash + 1)..], CultureInfo.InvariantCulture)}"));
            }

            var codes = expected["dossiers"]!.AsObject().Select(d => d.Key).ToList();
            Assert.Equal(codes.Count.ToString(CultureInfo.InvariantCulture), await UpgradeFixture.ScalarAsync(connection,
                $"SELECT count(*) FROM motcua_dossier_numbers WHERE unit_day || '-' || lpad(number::text, 4, '0') IN ({string.Join(", ", codes.Select(c => $"'{c}'"))})"));
            Assert.Equal(ledgerEntries.ToString(CultureInfo.InvariantCulture),
                await UpgradeFixture.ScalarAsync(connection, "SELECT count(*) FROM motcua_journal_entries"));
            Assert.Equal("0", await UpgradeFixture.ScalarAsync(connection, "SELECT sum(balance) FROM motcua_account_balances"));
            // Answers past the 72 h retention are not moved (all of them once the dump is older than that).
            Assert.Equal("0", await UpgradeFixture.ScalarAsync(connection, "SELECT count(*) FROM motcua_idempotency WHERE expires_at <= now()"));
            // Every cash collection and both settlements are rows; the channel row keeps the newest 64 and is smaller.
            var collected = payments.Count(p => (string?)p.Value!["channelId"] == Channel && p.Value["agentReceiptNumber"] is not null);
            Assert.Equal(collected.ToString(CultureInfo.InvariantCulture), await UpgradeFixture.ScalarAsync(connection,
                $"SELECT count(*) FROM motcua_channel_collections WHERE channel_id = '{Channel}'"));
            Assert.True(collected > HistoryUpgrade.ChannelRecentCollections, $"the fixture has {collected} collections");
            var settled = (int)expected["channels"]![Channel]!["openWindow"]!["number"]! - 1;
            Assert.Equal(settled.ToString(CultureInfo.InvariantCulture), await UpgradeFixture.ScalarAsync(connection,
                $"SELECT count(*) FROM motcua_channel_settlements WHERE channel_id = '{Channel}'"));
            Assert.True(long.Parse(await UpgradeFixture.ScalarAsync(connection, ChannelRowSize), CultureInfo.InvariantCulture) < channelRowBefore,
                "the channel row is rewritten without the collections it no longer keeps");
        }

        var ports = SiloPorts.Free();
        // The comparison reads every dossier and payment one after the other: more than a key's default rate allows.
        await using var silo = SiloProcess.Start("upgraded", database, ports, $"up-{Guid.NewGuid():N}", new Dictionary<string, string>
        {
            ["MotCua__Limits__PermitsPerKey"] = "100000",
            ["MotCua__Limits__PermitsPerKeyPerSecond"] = "100000",
        });
        await silo.WaitReadyAsync(StartTimeout);
        using var portal = silo.ClientFor("dev-portal");
        using var officer = silo.ClientFor("dev-officer-SXD");
        using var agent = silo.ClientFor("dev-agent-vnpost-HN0001");
        using var operatorKey = silo.ClientFor("dev-operator");

        // Lists first: a dossier grain upserts its own projection row when it activates, so reading the dossiers
        // before would fill the projection whether or not migrate had.
        foreach (var (query, list) in expected["lists"]!.AsObject())
        {
            var items = new JsonArray();
            long total;
            var page = 1;
            do
            {
                var answer = await GetAsync(officer, $"/v1/dossiers?{query}&page={page++}&pageSize=100");
                total = (long)answer["total"]!;
                foreach (var item in answer["items"]!.AsArray())
                {
                    items.Add(item!.DeepClone());
                }

                if (answer["items"]!.AsArray().Count == 0)
                {
                    break;
                }
            }
            while (items.Count < total);

            Assert.Equal((long)list!["total"]!, total);
            AssertSame(list["items"]!, items, $"/v1/dossiers?{query}");
        }

        foreach (var (code, dossier) in expected["dossiers"]!.AsObject())
        {
            AssertSame(dossier!, await GetAsync(portal, $"/v1/dossiers/{code}"), $"/v1/dossiers/{code}");
        }

        foreach (var (id, payment) in payments)
        {
            AssertSame(payment!, await GetAsync(portal, $"/v1/payments/{id}"), $"/v1/payments/{id}");
        }

        foreach (var (citizen, wallet) in expected["wallets"]!.AsObject())
        {
            AssertSame(wallet!, await GetAsync(portal, $"/v1/wallets/{citizen}"), $"/v1/wallets/{citizen}");
        }

        AssertSame(expected["channels"]![Channel]!, await GetAsync(agent, $"/v1/channels/{Channel}"), $"/v1/channels/{Channel}");
        foreach (var (path, stats) in expected["stats"]!.AsObject())
        {
            AssertSame(stats!, await GetAsync(operatorKey, path), path);
        }

        foreach (var (path, page) in expected["audit"]!.AsObject())
        {
            // Every page of the day (the test's own requests join them when it runs on the day the dump was made).
            var byId = new Dictionary<string, JsonNode>();
            string? before = null;
            do
            {
                var now = await GetAsync(operatorKey, path + "&limit=1000" + (before is null ? "" : $"&before={Uri.EscapeDataString(before)}"));
                foreach (var entry in now["entries"]!.AsArray())
                {
                    byId[(string)entry!["id"]!] = entry;
                }

                before = (string?)now["next"];
            }
            while (before is not null);
            var old = page!["entries"]!.AsArray();
            Assert.True(old.Count > 0, path);
            foreach (var entry in old)
            {
                Assert.True(byId.TryGetValue((string)entry!["id"]!, out var found), $"{path}: audit entry {entry["id"]} is missing");
                AssertSame(entry, found!, $"{path} {entry["id"]}");
            }
        }

        var audit = await GetAsync(operatorKey, "/v1/ledger/audit");
        Assert.Equal(0, (long)audit["total"]!);
        Assert.True((bool)audit["balanced"]!);
        Assert.Equal(ledgerEntries, (long)audit["entries"]!);
        AssertSame(expected["ledgerAudit"]!["accounts"]!, audit["accounts"]!, "/v1/ledger/audit accounts");

        // The migrated channel goes on: one more cash fee collected and the window settled as the third settlement.
        var channel = expected["channels"]![Channel]!;
        var newCode = (string)(await portal.PostAsync("/v1/dossiers", Http.Filing(), "up-file").ExpectAsync(HttpStatusCode.Created))["code"]!;
        Assert.DoesNotContain(newCode, expected["dossiers"]!.AsObject().Select(d => d.Key));
        await officer.PostAsync($"/v1/dossiers/{newCode}/accept", null, "up-accept").ExpectAsync(HttpStatusCode.OK);
        await officer.PostAsync($"/v1/dossiers/{newCode}/request-payment", Http.Fee(55_000), "up-fee").ExpectAsync(HttpStatusCode.OK);
        var cash = await portal.PostAsync("/v1/payments", new { dossierCode = newCode, method = "cash" }, "up-pay").ExpectAsync(HttpStatusCode.Created);
        await agent.PostAsync($"/v1/channels/{Channel}/collections",
            new { reference = (string)cash["reference"]!, amount = 55_000, receiptNumber = "BL-UP" }, "up-collect").ExpectAsync(HttpStatusCode.Created);
        var paid = await GetAsync(portal, $"/v1/payments/{cash["id"]}");
        Assert.Equal("succeeded", (string?)paid["status"]);
        var series = $"SXD-{DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).Year}";
        var next = receipts.Count(r => ((string)r.Value!["receiptNumber"]!).StartsWith(series + "-", StringComparison.Ordinal)) + 1;
        Assert.Equal($"{series}-{next:D7}", (string?)paid["receiptNumber"]);
        var settlement = await agent.PostAsync($"/v1/channels/{Channel}/settlements",
            new { amount = (long)channel["openWindow"]!["total"]! + 55_000, remittanceReference = "UNC-UP" }, "up-settle").ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("declared", (string?)settlement["status"]);
        var received = await operatorKey.PostAsync($"/v1/channels/{Channel}/settlements/{settlement["id"]}/confirm", null, "up-receive")
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("received", (string?)received["status"]);
        Assert.Equal((int)channel["openWindow"]!["number"]!, (int)settlement["number"]!);
        Assert.Equal((int)channel["openWindow"]!["count"]! + 1, (int)settlement["count"]!);
        Assert.Equal((long)channel["openWindow"]!["total"]! + 55_000, (long)settlement["total"]!);
        // The window's collections are listed from the book: the old ones of the open window were booked under it.
        var listed = settlement["collections"]!.AsArray();
        Assert.Equal((int)settlement["count"]!, listed.Count);
        Assert.Equal((long)settlement["total"]!, listed.Sum(c => (long)c!["amount"]!));
        Assert.Equal(0, (long)(await GetAsync(operatorKey, "/v1/ledger/audit"))["total"]!);
    }

    [Fact]
    public async Task MigrateTwiceOrAfterACrashMidwayChangesNothingMore()
    {
        var database = await UpgradeFixture.RestoreAsync(postgres, $"up_{Guid.NewGuid():N}"[..20]);
        await SchemaMigrator.ApplyAsync(database, FindSqlDirectory(), NullLogger.Instance);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await Execute(connection, "CREATE TABLE old_rows AS SELECT * FROM orleansstorage");

        var first = await HistoryUpgrade.RunAsync(database, Retention, NullLogger.Instance);
        Assert.Contains(first, c => c.Kind == "ledger-shard-v1" && c.Rows == 16 && c.Items > 0);
        Assert.True(await HistoryUpgrade.IsDoneAsync(database));
        var after = await UpgradeFixture.SnapshotAsync(database);
        Assert.NotEqual("0:", after["motcua_journal_entries"]);
        Assert.NotEqual("0:", after["motcua_idempotency"]);

        // Recorded as done: the next run reads one row and moves nothing.
        Assert.Empty(await HistoryUpgrade.RunAsync(database, Retention, NullLogger.Instance));
        Assert.Equal(after, await UpgradeFixture.SnapshotAsync(database));

        // A crash after the tables were written but before the grain rows were deleted or rewritten, and before the run
        // was recorded: the old rows are back and the record gone. The next run writes nothing new and finishes.
        await Execute(connection, """
            DELETE FROM motcua_upgrades;
            DELETE FROM orleansstorage WHERE graintypestring = 'channel-v1';
            INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring,
                                        serviceid, payloadbinary, modifiedon, version)
            SELECT grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid,
                   payloadbinary, modifiedon, version
            FROM old_rows WHERE graintypestring NOT IN ('payment-v1', 'dossier-v1', 'payment-reference-v1', 'wallet-v1')
            """);
        var again = await HistoryUpgrade.RunAsync(database, Retention, NullLogger.Instance);
        Assert.Equal(first.Select(c => (c.Kind, c.Rows, c.Items)), again.Select(c => (c.Kind, c.Rows, c.Items)));
        Assert.Equal(after, await UpgradeFixture.SnapshotAsync(database));

        // A row that disagrees with the tables is refused and kept, and the run is not recorded.
        await Execute(connection, """
            DELETE FROM motcua_upgrades;
            INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring,
                                        serviceid, payloadbinary, modifiedon, version)
            SELECT grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid,
                   payloadbinary, modifiedon, version
            FROM old_rows WHERE graintypestring = 'receipt-series-v1';
            UPDATE motcua_receipts SET payment_id = 'pay_someone_else' WHERE sequence = 1;
            """);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => HistoryUpgrade.RunAsync(database, Retention, NullLogger.Instance));
        Assert.Contains("number 1", refused.Message);
        Assert.False(await HistoryUpgrade.IsDoneAsync(database));
        Assert.Equal("1", await UpgradeFixture.ScalarAsync(connection,
            "SELECT count(*) FROM orleansstorage WHERE graintypestring = 'receipt-series-v1'"));
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string FindSqlDirectory() => Path.Combine(AppContext.BaseDirectory, "sql");

    private static async Task<JsonNode> GetAsync(HttpClient client, string path) =>
        JsonNode.Parse(await client.RawAsync(path))!;

    /// <summary>
    /// Every property the old release answered is in the new answer with the same value (the new release may add
    /// properties). Instants read back from a table carry PostgreSQL's microsecond precision, so two instants are the
    /// same when they differ by less than a microsecond.
    /// </summary>
    private static void AssertSame(JsonNode expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject obj:
                if (actual is not JsonObject got)
                {
                    Assert.Fail($"{path}: expected an object, got {actual?.ToJsonString() ?? "null"}");
                    return;
                }

                foreach (var (name, value) in obj)
                {
                    Assert.True(got.ContainsKey(name), $"{path}: '{name}' is missing");
                    if (value is null)
                    {
                        if (got[name] is { } notNull)
                        {
                            Assert.Fail($"{path}.{name}: expected null, got {notNull.ToJsonString()}");
                        }
                    }
                    else
                    {
                        AssertSame(value, got[name], $"{path}.{name}");
                    }
                }

                break;
            case JsonArray array:
                if (actual is not JsonArray items || items.Count != array.Count)
                {
                    Assert.Fail($"{path}: expected {array.Count} items, got {actual?.ToJsonString() ?? "null"}");
                    return;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    AssertSame(array[i]!, items[i], $"{path}[{i}]");
                }

                break;
            default:
                var want = expected.ToJsonString();
                var have = actual?.ToJsonString() ?? "null";
                if (want != have && SameInstant(expected, actual))
                {
                    return;
                }

                Assert.True(want == have, $"{path}: expected {want}, got {have}");
                break;
        }
    }

    private static bool SameInstant(JsonNode expected, JsonNode? actual) =>
        expected is JsonValue a && actual is JsonValue b && a.TryGetValue<string>(out var x) && b.TryGetValue<string>(out var y)
        && DateTimeOffset.TryParse(x, CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
        && DateTimeOffset.TryParse(y, CultureInfo.InvariantCulture, DateTimeStyles.None, out var second)
        && first.Offset == second.Offset && Math.Abs((first - second).Ticks) < 10;
}
