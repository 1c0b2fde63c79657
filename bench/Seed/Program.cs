// Bulk-loads stored dossiers for the benchmark's growth step (bench/run.sh), as MotCua itself stores them:
//   dotnet MotCua.Bench.Seed.dll --connection "Host=...;Database=growth" --template <dossier code> --to 1000000 [--reconcile 20000]
// Reads one real dossier (processing, its fee paid) and its payment through MotCua's own grain storage, then for every
// i in [from, to) writes a dossier, its payment and its payment reference through that same storage (Orleans'
// ADO.NET provider with MotCua's serializer settings: the same rows, hashes and payloads a silo writes), and the rows
// they own in MotCua's tables: the list projection and its counters, the dossier number, the journal entry with its
// postings and balances, the receipt, and what reconciliation matches. `from` is the number of bulk dossiers already
// stored, so a second run extends the first. The silo must be stopped while it runs.
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MotCua.Bench.Seed;
using MotCua.Grains.Dossiers;
using MotCua.Grains.Interfaces;
using MotCua.Grains.Payments;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

var options = SeedOptions.Parse(args);
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// Writes of the seed do not wait for their own WAL flush (this connection only): the load is rebuilt from scratch
// if the machine dies, and the measured runs afterwards use the silo's own settings.
var seedConnection = new NpgsqlConnectionStringBuilder(options.Connection)
{
    Options = "-c synchronous_commit=off", MaxPoolSize = options.Concurrency + 4,
}.ConnectionString;
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, null, "motcua", "bench-seed");
    silo.Configure<ClusterOptions>(o => o.ServiceId = "motcua");
    silo.AddAdoNetGrainStorage(StorageNames.Default, o =>
    {
        o.Invariant = "Npgsql";
        o.ConnectionString = seedConnection;
    });
    silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Default)
        .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
});
using var host = builder.Build();
await host.StartAsync();
var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

var dossier = await ReadAsync<DossierState>(storage, StateNames.Dossier, GrainId.Create("dossier", options.Template));
if (dossier is not { Exists: true } || dossier.Payments.Count != 1 || dossier.Fees.Any(f => f.PaidByPaymentId is null))
{
    throw new InvalidOperationException($"The template {options.Template} must be a stored dossier with one payment that paid all its fees.");
}

var payment = await ReadAsync<PaymentState>(storage, StateNames.Payment, GrainId.Create("payment", dossier.Payments[0].Id))
    ?? throw new InvalidOperationException($"The template's payment {dossier.Payments[0].Id} is not stored.");
if (payment.FeeLines.Sum(f => f.Amount) != payment.Amount || payment.Method != "cash" && payment.Method != "vietqr")
{
    throw new InvalidOperationException($"The template's payment {dossier.Payments[0].Id} must be a cash or VietQR payment whose fee lines sum to its amount.");
}

var bulk = new BulkDossiers(dossier, payment, options.Reconcile);
await using var data = NpgsqlDataSource.Create(seedConnection);
var from = options.From ?? await BulkTables.CountAsync(data);
if (from >= options.To)
{
    Console.WriteLine($"seed: {from} bulk dossiers stored already, {options.To} wanted: nothing to do");
    return;
}

var clock = Stopwatch.StartNew();
var written = 0L;
await Parallel.ForEachAsync(Enumerable.Range(from, options.To - from), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency },
    async (i, _) =>
    {
        var one = bulk.Make(i);
        await storage.WriteStateAsync(StateNames.Dossier, GrainId.Create("dossier", one.Code), new GrainState<DossierState>(one.Dossier));
        await storage.WriteStateAsync(StateNames.Payment, GrainId.Create("payment", one.PaymentId), new GrainState<PaymentState>(one.Payment));
        await storage.WriteStateAsync(StateNames.PaymentReference, GrainId.Create("payment-reference", one.Reference),
            new GrainState<PaymentReferenceState>(new PaymentReferenceState { PaymentId = one.PaymentId }));
        if (Interlocked.Increment(ref written) % 50_000 == 0)
        {
            Console.WriteLine($"seed: {written} dossiers with payments written through the grain storage ({clock.Elapsed.TotalSeconds:0} s)");
        }
    });
var stateSeconds = clock.Elapsed.TotalSeconds;

await BulkTables.WriteAsync(data, bulk, from, options.To);
var tableSeconds = clock.Elapsed.TotalSeconds - stateSeconds;

// Read a few back through the storage, as an activation would: the hashes and payloads are the product's own.
foreach (var i in new[] { from, (from + options.To) / 2, options.To - 1 })
{
    var expected = bulk.Make(i);
    var read = await ReadAsync<DossierState>(storage, StateNames.Dossier, GrainId.Create("dossier", expected.Code));
    var paid = await ReadAsync<PaymentState>(storage, StateNames.Payment, GrainId.Create("payment", expected.PaymentId));
    if (read?.Code != expected.Code || paid?.Reference != expected.Reference)
    {
        throw new InvalidOperationException($"Bulk dossier {i} ({expected.Code}) does not read back through the grain storage.");
    }
}

Console.WriteLine($"seed: {options.To - from} dossiers ({from}..{options.To - 1}) from template {options.Template}: grain state {stateSeconds:0} s, tables {tableSeconds:0} s");
await host.StopAsync();

static async Task<T?> ReadAsync<T>(IGrainStorage storage, string stateName, GrainId id) where T : class, new()
{
    var state = new GrainState<T>(new T());
    await storage.ReadStateAsync(stateName, id, state);
    return state.RecordExists ? state.State : null;
}

internal sealed record SeedOptions(string Connection, string Template, int? From, int To, int Reconcile, int Concurrency, int SiloPort, int GatewayPort)
{
    public static SeedOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected an option, found '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var value)
            ? value
            : throw new ArgumentException($"--{name} is required. Usage: --connection CS --template CODE --to N [--from N] [--reconcile 20000] [--concurrency 48]");
        int Number(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;

        var to = Number("to", 0);
        if (to <= 0 || to > BulkDossiers.MaxCount)
        {
            throw new ArgumentException($"--to must be 1..{BulkDossiers.MaxCount}.");
        }

        return new SeedOptions(Required("connection"), Required("template"), values.ContainsKey("from") ? Number("from", 0) : null, to,
            Number("reconcile", 20_000), Number("concurrency", 48), Number("silo-port", 11411), Number("gateway-port", 30400));
    }
}
