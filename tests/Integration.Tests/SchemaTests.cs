using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MotCua.Integration.Tests.Infrastructure;
using MotCua.Storage.Postgres;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace MotCua.Integration.Tests;

/// <summary>The PostgreSQL schema in deploy/sql, its migrator, and the Orleans ADO.NET providers on top of it.</summary>
[Collection("postgres")]
public sealed class SchemaTests(PostgresServer postgres)
{
    /// <summary>
    /// The named queries that Microsoft.Orleans.{Clustering,Persistence,Reminders}.AdoNet 10.4.2 read from
    /// OrleansQuery. The clustering and reminder providers refuse to start without each of theirs; the
    /// grain storage needs the first three of its own and DeleteStorageKey when DeleteStateOnClear is set;
    /// CleanupDefunctSiloEntryKey makes the clustering provider prune dead silos row by row.
    /// </summary>
    private static readonly string[] ProviderQueryKeys =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    private static readonly string SqlDirectory = FindSqlDirectory();

    private static string[] ScriptNames =>
        Directory.EnumerateFiles(SqlDirectory, "*.sql").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task SchemaAppliesToAnEmptyDatabase()
    {
        var database = await postgres.CreateDatabaseAsync("applies_to_empty");

        var applied = await SchemaMigrator.ApplyAsync(database, SqlDirectory, NullLogger.Instance);

        Assert.Equal(ScriptNames, applied);
        Assert.Equal(
            [
                "motcua_account_balances", "motcua_agency_dossier_stats", "motcua_agency_stats_shards", "motcua_audit",
                "motcua_channel_collections", "motcua_channel_day_payments", "motcua_channel_day_totals", "motcua_channel_settlements",
                "motcua_dossier_counts", "motcua_dossier_index", "motcua_dossier_numbers", "motcua_idempotency", "motcua_journal_entries",
                "motcua_journal_postings", "motcua_journal_shards", "motcua_kpi_dossiers", "motcua_kpi_payments", "motcua_payments_paid",
                "motcua_receipts", "motcua_schema_version", "motcua_stream_queue", "motcua_upgrades", "orleansmembershiptable",
                "orleansmembershipversiontable", "orleansquery", "orleansreminderstable", "orleansstorage"],
            await QueryAsync(database, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"));
    }

    [Fact]
    public async Task ApplyingTwiceSucceedsAppliesNothingTheSecondTimeAndLeavesTheCatalogUnchanged()
    {
        var database = await postgres.CreateDatabaseAsync("applies_twice");
        await SchemaMigrator.ApplyAsync(database, SqlDirectory, NullLogger.Instance);
        var before = await DumpCatalogAsync(database, includeVersionTable: true);

        var second = await SchemaMigrator.ApplyAsync(database, SqlDirectory, NullLogger.Instance);

        Assert.Empty(second);
        Assert.Equal(before, await DumpCatalogAsync(database, includeVersionTable: true));
    }

    [Fact]
    public async Task ScriptsRunAgainOutsideTheMigratorSucceedAndChangeNothing()
    {
        var database = await postgres.CreateDatabaseAsync("scripts_run_again");
        await SchemaMigrator.ApplyAsync(database, SqlDirectory, NullLogger.Instance);
        var before = await DumpCatalogAsync(database, includeVersionTable: false);

        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            foreach (var name in ScriptNames)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await using var command = new NpgsqlCommand(await File.ReadAllTextAsync(Path.Combine(SqlDirectory, name)), connection, transaction);
                await command.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            }
        }

        // The dump includes each OrleansQuery row's xmin, so a rewritten row would show even with the same text.
        Assert.Equal(before, await DumpCatalogAsync(database, includeVersionTable: false));
    }

    [Fact]
    public async Task VersionTableListsEveryScriptWithItsChecksum()
    {
        var database = await postgres.CreateDatabaseAsync("version_table");
        await SchemaMigrator.ApplyAsync(database, SqlDirectory, NullLogger.Instance);

        var expected = ScriptNames.Select(name =>
            $"{int.Parse(name[..3])} {name} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(SqlDirectory, name))))}");
        Assert.Equal(
            expected,
            await QueryAsync(database, "SELECT version || ' ' || name || ' ' || checksum FROM motcua_schema_version ORDER BY version"));
        Assert.Equal(
            ["0"],
            await QueryAsync(database, "SELECT count(*) FROM motcua_schema_version WHERE applied_at IS NULL OR applied_at > now()"));
    }

    [Fact]
    public async Task EveryQueryKeyTheOrleansProvidersNeedExists()
    {
        var database = await postgres.CreateDatabaseAsync("query_keys");
        await SchemaMigrator.ApplyAsync(database, SqlDirectory, NullLogger.Instance);

        var present = await QueryAsync(database, "SELECT querykey FROM orleansquery WHERE length(trim(querytext)) > 0");

        Assert.Empty(ProviderQueryKeys.Except(present, StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryOrleansQueryRunsWithTheParametersTheProvidersSend()
    {
        var database = await postgres.CreateDatabaseAsync("queries_run");
        await SchemaMigrator.ApplyAsync(database, SqlDirectory, NullLogger.Instance);
        var now = DateTime.UtcNow;
        // Name, DbType and a value of each parameter as the 10.4.2 providers bind them (DbType.DateTime for times,
        // Int32 for hashes and versions, Int32 or Int64 for reminder periods, NULL where they may send one).
        var parameters = new Dictionary<string, (System.Data.DbType Type, object? Value)>
        {
            ["DeploymentId"] = (System.Data.DbType.String, "cluster"), ["Address"] = (System.Data.DbType.AnsiString, "127.0.0.1"),
            ["Port"] = (System.Data.DbType.Int32, 11111), ["Generation"] = (System.Data.DbType.Int32, 1),
            ["SiloName"] = (System.Data.DbType.String, "silo"), ["HostName"] = (System.Data.DbType.String, "host"),
            ["Status"] = (System.Data.DbType.Int32, 3), ["ProxyPort"] = (System.Data.DbType.Int32, 30000),
            ["SuspectTimes"] = (System.Data.DbType.String, null), ["StartTime"] = (System.Data.DbType.DateTime, now),
            ["IAmAliveTime"] = (System.Data.DbType.DateTime, now), ["Version"] = (System.Data.DbType.Int32, 0),
            ["GrainIdHash"] = (System.Data.DbType.Int32, 1), ["GrainIdN0"] = (System.Data.DbType.Int64, 0L),
            ["GrainIdN1"] = (System.Data.DbType.Int64, 0L), ["GrainTypeHash"] = (System.Data.DbType.Int32, 2),
            ["GrainTypeString"] = (System.Data.DbType.String, "dossier"), ["GrainIdExtensionString"] = (System.Data.DbType.String, null),
            ["ServiceId"] = (System.Data.DbType.String, "motcua"), ["GrainStateVersion"] = (System.Data.DbType.Int32, null),
            ["PayloadBinary"] = (System.Data.DbType.Binary, new byte[] { 1 }), ["GrainId"] = (System.Data.DbType.AnsiString, "dossier/HN-1"),
            ["ReminderName"] = (System.Data.DbType.String, "due"), ["Period"] = (System.Data.DbType.Int32, 60_000),
            ["GrainHash"] = (System.Data.DbType.Int32, 5), ["BeginHash"] = (System.Data.DbType.Int32, 0),
            ["EndHash"] = (System.Data.DbType.Int32, 10),
        };
        var queries = await QueryAsync(database, "SELECT querykey || '=' || querytext FROM orleansquery ORDER BY querykey");

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        foreach (var (key, text) in queries.Select(row => row.Split('=', 2)).Select(pair => (pair[0], pair[1])))
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand(text, connection, transaction);
            foreach (var name in System.Text.RegularExpressions.Regex.Matches(text, @"@(\w+)").Select(m => m.Groups[1].Value).Distinct())
            {
                Assert.True(parameters.ContainsKey(name), $"{key} uses @{name}, which no provider sends.");
                command.Parameters.Add(new NpgsqlParameter(name, parameters[name].Value ?? DBNull.Value) { DbType = parameters[name].Type });
            }

            await command.ExecuteNonQueryAsync();
            await transaction.RollbackAsync();
        }
    }

    [Fact]
    public async Task OrleansStorageHasAPrimaryKeyOverTheSevenValuesThatIdentifyAState()
    {
        var database = await postgres.CreateDatabaseAsync("storage_pk");
        await SchemaMigrator.ApplyAsync(database, SqlDirectory, NullLogger.Instance);

        Assert.Equal(
            ["PRIMARY KEY (grainidhash, graintypehash, serviceid, grainidn0, grainidn1, graintypestring, grainidextensionkey)"],
            await QueryAsync(database, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'orleansstorage'::regclass AND contype = 'p'"));

        // A key without extension (NULL) is one value: a second row for the same state is refused.
        const string insert = """
            INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, version)
            VALUES (1, 0, 42, 2, 'dossier', NULL, 'motcua', 1)
            """;
        await QueryAsync(database, insert);
        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => QueryAsync(database, insert));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
    }

    [Fact]
    public async Task StorageQueriesReportAStaleVersionByReturningTheVersionTheyWereGiven()
    {
        var database = await postgres.CreateDatabaseAsync("stale_version");
        await SchemaMigrator.ApplyAsync(database, SqlDirectory, NullLogger.Instance);
        var queries = (await QueryAsync(database, "SELECT querykey || '=' || querytext FROM orleansquery"))
            .Select(row => row.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);

        async Task<string> RunAsync(string key, int? version)
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(queries[key], connection);
            command.Parameters.AddWithValue("GrainIdHash", 7);
            command.Parameters.AddWithValue("GrainIdN0", 0L);
            command.Parameters.AddWithValue("GrainIdN1", 0L);
            command.Parameters.AddWithValue("GrainTypeHash", 9);
            command.Parameters.AddWithValue("GrainTypeString", "dossier");
            command.Parameters.AddWithValue("GrainIdExtensionString", "HN-250101-0001");
            command.Parameters.AddWithValue("ServiceId", "motcua");
            command.Parameters.Add(new NpgsqlParameter("GrainStateVersion", NpgsqlTypes.NpgsqlDbType.Integer) { Value = (object?)version ?? DBNull.Value });
            if (key == "WriteToStorageKey")
            {
                command.Parameters.AddWithValue("PayloadBinary", new byte[] { 1, 2, 3 });
            }

            return (await command.ExecuteScalarAsync())?.ToString() ?? "";
        }

        Assert.Equal("1", await RunAsync("WriteToStorageKey", null));
        Assert.Equal("", await RunAsync("WriteToStorageKey", null));   // a second creator loses
        Assert.Equal("2", await RunAsync("WriteToStorageKey", 1));
        Assert.Equal("1", await RunAsync("WriteToStorageKey", 1));     // stale
        Assert.Equal("1", await RunAsync("ClearStorageKey", 1));       // stale
        Assert.Equal("3", await RunAsync("ClearStorageKey", 2));
        Assert.Equal("2", await RunAsync("DeleteStorageKey", 2));      // stale
        Assert.Equal("4", await RunAsync("DeleteStorageKey", 3));
        Assert.Equal(["0"], await QueryAsync(database, "SELECT count(*) FROM orleansstorage"));
    }

    [Fact]
    public async Task TwoConcurrentApplyCallsOnAFreshDatabaseBothSucceed()
    {
        var database = await postgres.CreateDatabaseAsync("concurrent_apply");

        var results = await Task.WhenAll(
            Task.Run(() => SchemaMigrator.ApplyAsync(database, SqlDirectory, NullLogger.Instance)),
            Task.Run(() => SchemaMigrator.ApplyAsync(database, SqlDirectory, NullLogger.Instance)));

        // The advisory lock lets one run apply everything; the other then finds it recorded.
        Assert.Equal(ScriptNames, results.SelectMany(applied => applied).Order(StringComparer.Ordinal));
        Assert.Contains(results, applied => applied.Count == 0);
        Assert.Equal(ScriptNames, await QueryAsync(database, "SELECT name FROM motcua_schema_version ORDER BY version"));
    }

    [Fact]
    public async Task ScriptChangedAfterItWasAppliedIsAppliedAgainWithAWarning()
    {
        var database = await postgres.CreateDatabaseAsync("changed_script");
        var folder = Directory.CreateTempSubdirectory("motcua-sql-");
        try
        {
            foreach (var name in ScriptNames)
            {
                File.Copy(Path.Combine(SqlDirectory, name), Path.Combine(folder.FullName, name));
            }

            await SchemaMigrator.ApplyAsync(database, folder.FullName, NullLogger.Instance);
            var edited = Path.Combine(folder.FullName, "003_orleans_persistence.sql");
            await File.AppendAllTextAsync(edited, "\n-- edited after it was applied\n");
            var logger = new RecordingLogger();

            var applied = await SchemaMigrator.ApplyAsync(database, folder.FullName, logger);

            Assert.Equal(["003_orleans_persistence.sql"], applied);
            Assert.Contains(logger.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("003_orleans_persistence.sql"));
            Assert.Equal(
                [Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(edited)))],
                await QueryAsync(database, "SELECT checksum FROM motcua_schema_version WHERE version = 3"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A real silo with ADO.NET clustering, grain storage and reminders on the schema, and a client that finds
    /// it through the gateway query. The providers are driven through their Orleans interfaces, so no grain
    /// class (and no code generation in this project) is needed.
    /// </summary>
    [Fact]
    public async Task OrleansProvidersWorkAgainstTheSchema()
    {
        var database = await postgres.CreateDatabaseAsync("orleans_providers");
        await SchemaMigrator.ApplyAsync(database, SqlDirectory, NullLogger.Instance);
        const string clusterId = "schema-test";
        const string serviceId = "motcua-schema-test";

        var (siloPort, gatewayPort) = FreePorts();
        var siloBuilder = Host.CreateApplicationBuilder();
        siloBuilder.Logging.ClearProviders();
        // Note has no generated serializer (no Orleans code generation here), so allow it by hand.
        siloBuilder.Services.AddSerializer(serializer => serializer.Configure(o => o.AddAllowedType(typeof(Note))));
        siloBuilder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId))
            .ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort)
            .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", database))
            .AddAdoNetGrainStorage("state", o => (o.Invariant, o.ConnectionString) = ("Npgsql", database))
            .AddAdoNetGrainStorage("state-deleted-on-clear", o =>
            {
                (o.Invariant, o.ConnectionString) = ("Npgsql", database);
                o.DeleteStateOnClear = true;
            })
            .UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = ("Npgsql", database)));
        using var siloHost = siloBuilder.Build();
        await siloHost.StartAsync();
        try
        {
            // Clustering: the silo joined, and a client finds it through the gateway list.
            var membership = siloHost.Services.GetRequiredService<IMembershipTable>();
            var members = (await membership.ReadAllAsync()).Members;
            Assert.Equal(SiloStatus.Active, Assert.Single(members).Item1.Status);

            var clientBuilder = Host.CreateApplicationBuilder();
            clientBuilder.Logging.ClearProviders();
            clientBuilder.UseOrleansClient(client => client
                .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId))
                .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", database)));
            using (var clientHost = clientBuilder.Build())
            {
                await clientHost.StartAsync();
                var hosts = await clientHost.Services.GetRequiredService<IClusterClient>()
                    .GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                Assert.Single(hosts);
                await clientHost.StopAsync();
            }

            // Dead silos whose rows have not changed since the cut-off are pruned; the live one stays.
            await QueryAsync(database, $"""
                INSERT INTO orleansmembershiptable
                    (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
                VALUES ('{clusterId}', '127.0.0.2', 11111, 1, 'gone', 'gone', 6, 0, now() - interval '2 hours', now() - interval '1 hour')
                """);
            await membership.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(-5));
            Assert.Equal(["127.0.0.1 3"], await QueryAsync(database, "SELECT address || ' ' || status FROM orleansmembershiptable"));

            // Grain storage: create, read back, update, and reject stale writers and stale clears.
            var storage = siloHost.Services.GetRequiredKeyedService<IGrainStorage>("state");
            var dossier = GrainId.Create("dossier", "HN-250101-0001");
            var first = new GrainState<Note>(new Note { Text = "submitted" });
            await storage.WriteStateAsync("dossier-state", dossier, first);
            Assert.Equal("1", first.ETag);

            var second = new GrainState<Note>();
            await storage.ReadStateAsync("dossier-state", dossier, second);
            Assert.True(second.RecordExists);
            Assert.Equal(("submitted", "1"), (TextOf(second), second.ETag));

            second.State = new Note { Text = "accepted" };
            await storage.WriteStateAsync("dossier-state", dossier, second);
            Assert.Equal("2", second.ETag);

            first.State = new Note { Text = "stale" };
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("dossier-state", dossier, first));
            await Assert.ThrowsAsync<InconsistentStateException>(() =>
                storage.WriteStateAsync("dossier-state", dossier, new GrainState<Note>(new Note { Text = "second creator" })));

            await storage.ClearStateAsync("dossier-state", dossier, second);
            Assert.Equal(("3", false), (second.ETag, second.RecordExists));
            await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("dossier-state", dossier, first));
            var afterClear = new GrainState<Note>();
            await storage.ReadStateAsync("dossier-state", dossier, afterClear);
            Assert.Equal(("3", false, ""), (afterClear.ETag, afterClear.RecordExists, TextOf(afterClear)));

            // Integer keys with and without a key extension are separate rows.
            var plain = GrainId.Create(GrainType.Create("counter"), GrainIdKeyExtensions.CreateIntegerKey(42));
            var extended = GrainId.Create(GrainType.Create("counter"), GrainIdKeyExtensions.CreateIntegerKey(42, "HN"));
            await storage.WriteStateAsync("counter-state", plain, new GrainState<Note>(new Note { Text = "plain" }));
            await storage.WriteStateAsync("counter-state", extended, new GrainState<Note>(new Note { Text = "extended" }));
            var readPlain = new GrainState<Note>();
            var readExtended = new GrainState<Note>();
            await storage.ReadStateAsync("counter-state", plain, readPlain);
            await storage.ReadStateAsync("counter-state", extended, readExtended);
            Assert.Equal(("plain", "extended"), (TextOf(readPlain), TextOf(readExtended)));

            // DeleteStateOnClear removes the row; the state can then be created again.
            var deleting = siloHost.Services.GetRequiredKeyedService<IGrainStorage>("state-deleted-on-clear");
            var payment = GrainId.Create("payment", "PAY-0001");
            var paymentState = new GrainState<Note>(new Note { Text = "processing" });
            await deleting.WriteStateAsync("payment-state", payment, paymentState);
            await deleting.ClearStateAsync("payment-state", payment, paymentState);
            Assert.Null(paymentState.ETag);
            Assert.Equal(["0"], await QueryAsync(database, "SELECT count(*) FROM orleansstorage WHERE graintypestring = 'payment-state'"));
            await deleting.WriteStateAsync("payment-state", payment, paymentState);
            Assert.Equal("1", paymentState.ETag);

            // Reminders: periods that fit in an int and that need a bigint, ETags, ranges, stale deletes.
            var reminders = siloHost.Services.GetRequiredService<IReminderTable>();
            var start = new DateTime(2025, 7, 1, 1, 30, 0, DateTimeKind.Utc);
            var etag = await reminders.UpsertRow(new ReminderEntry { GrainId = payment, ReminderName = "ask-gateway", StartAt = start, Period = TimeSpan.FromMinutes(5) });
            var newerEtag = await reminders.UpsertRow(new ReminderEntry { GrainId = payment, ReminderName = "ask-gateway", StartAt = start, Period = TimeSpan.FromDays(30) });
            Assert.NotEqual(etag, newerEtag);

            var row = await reminders.ReadRow(payment, "ask-gateway");
            Assert.NotNull(row);
            Assert.NotNull(etag);
            Assert.NotNull(newerEtag);
            Assert.Equal((start, TimeSpan.FromDays(30), newerEtag), (row.StartAt, row.Period, row.ETag));
            var hash = payment.GetUniformHashCode();
            Assert.Contains((await reminders.ReadRows(hash - 1, hash)).Reminders, r => r.ReminderName == "ask-gateway");
            Assert.Single((await reminders.ReadRows(payment)).Reminders);

            Assert.False(await reminders.RemoveRow(payment, "ask-gateway", etag));
            Assert.True(await reminders.RemoveRow(payment, "ask-gateway", newerEtag));
            Assert.Empty((await reminders.ReadRows(payment)).Reminders);
        }
        finally
        {
            await siloHost.StopAsync();
        }

        // Stopping leaves the membership table cleanly: the silo is marked dead.
        Assert.Equal(["6"], await QueryAsync(database, "SELECT status FROM orleansmembershiptable"));
    }

    /// <summary>Tables, columns, constraints, indexes, functions and OrleansQuery rows (with their xmin), one line each.</summary>
    private static Task<IReadOnlyList<string>> DumpCatalogAsync(string database, bool includeVersionTable) => QueryAsync(database, $"""
        SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type
               || coalesce('(' || character_maximum_length || ')', '') || ' null=' || is_nullable
               || ' default=' || coalesce(column_default, '') || ' generated=' || coalesce(generation_expression, '')
        FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL
        SELECT 'constraint ' || conrelid::regclass || '.' || conname || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        UNION ALL
        SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL
        SELECT 'function ' || pg_get_functiondef(oid) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
        UNION ALL
        SELECT 'query ' || querykey || ' xmin=' || xmin || ' ' || querytext FROM orleansquery
        {(includeVersionTable ? "UNION ALL SELECT 'version ' || version || ' ' || name || ' ' || checksum || ' ' || applied_at || ' xmin=' || xmin FROM motcua_schema_version" : "")}
        ORDER BY 1
        """);

    private static async Task<IReadOnlyList<string>> QueryAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.FieldCount == 0 || reader.IsDBNull(0) ? "" : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }

        return rows;
    }

    private static string FindSqlDirectory()
    {
        // The Silo build copies deploy/sql into its output, and from there into ours.
        if (Directory.Exists(SchemaMigrator.DefaultSqlDirectory))
        {
            return SchemaMigrator.DefaultSqlDirectory;
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "deploy", "sql");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"Neither {SchemaMigrator.DefaultSqlDirectory} nor a deploy/sql folder above the test output exists.");
    }

    private static string TextOf(GrainState<Note> state) => state.State?.Text ?? "(no state)";

    private static (int First, int Second) FreePorts()
    {
        // Both listeners are open at once, so the two ports differ.
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
    }

    /// <summary>Grain state used through the storage provider (serialized as JSON by the provider's default serializer).</summary>
    public sealed class Note
    {
        public string Text { get; set; } = "";
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
