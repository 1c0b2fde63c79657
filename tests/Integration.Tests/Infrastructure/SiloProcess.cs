using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace MotCua.Integration.Tests.Infrastructure;

/// <summary>
/// A real MotCua process on loopback — a silo (<c>dotnet MotCua.Silo.dll</c>) or an API node
/// (<c>dotnet MotCua.Api.dll</c>) — so tests can kill it with SIGKILL or stop it with SIGTERM as an operator would.
/// Durable mode with a connection string; the embedded default (in memory) with an empty one. Also compiled into
/// Console.Tests (linked from its project file), which starts the embedded default for the browser tests.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, string name, int httpPort, SiloPorts ports)
    {
        _process = process;
        Name = name;
        Ports = ports;
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}");
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public SiloPorts Ports { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the process printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a silo against <paramref name="connectionString"/>; <paramref name="ports"/> keeps its endpoint across restarts.</summary>
    public static SiloProcess Start(string name, string connectionString, SiloPorts ports, string clusterId,
        IReadOnlyDictionary<string, string>? settings = null) =>
        StartNode("MotCua.Silo.dll", name, connectionString, ports, clusterId, settings);

    /// <summary>Starts an API node (<c>MotCua.Api.dll</c>): a stateless Orleans client that finds the silos in PostgreSQL.</summary>
    public static SiloProcess StartApiNode(string name, string connectionString, int httpPort, string clusterId) =>
        StartNode("MotCua.Api.dll", name, connectionString, new SiloPorts(httpPort, 0, 0), clusterId, null);

    private static SiloProcess StartNode(string dll, string name, string connectionString, SiloPorts ports, string clusterId,
        IReadOnlyDictionary<string, string>? settings)
    {
        var nodeDll = Path.Combine(AppContext.BaseDirectory, dll);
        if (!File.Exists(nodeDll))
        {
            throw new FileNotFoundException($"{dll} is not next to the tests; build the solution first.", nodeDll);
        }

        var info = new ProcessStartInfo("dotnet", [nodeDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports.Http}";
        info.Environment["ConnectionStrings__MotCua"] = connectionString;
        info.Environment["MotCua__Silo__ClusterId"] = clusterId;
        if (ports.Silo != 0)
        {
            info.Environment["MotCua__Silo__SiloPort"] = ports.Silo.ToString(System.Globalization.CultureInfo.InvariantCulture);
            info.Environment["MotCua__Silo__GatewayPort"] = ports.Gateway.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__MotCua"] = "Information";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var silo = new SiloProcess(process, name, ports.Http, ports);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200 (the silo has joined and grain calls work).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Silo {Name} exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Silo {Name} was not ready within {timeout}:\n{Output}");
    }

    /// <summary>A client that sends <paramref name="apiKey"/> as its bearer token, or no key at all when it is null.</summary>
    public HttpClient ClientFor(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>SIGKILL: the process dies at once, with no chance to flush or leave the cluster.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the host shuts down gracefully (Orleans leaves membership and hands off its grains).</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            if (kill.ExitCode != 0)
            {
                throw new InvalidOperationException($"Could not send SIGTERM to silo {Name}.");
            }
        }

        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append(DateTime.UtcNow.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)).Append(' ').AppendLine(line);
        }
    }
}

/// <summary>The loopback ports of one silo: HTTP, silo-to-silo, gateway.</summary>
public sealed record SiloPorts(int Http, int Silo, int Gateway)
{
    public static SiloPorts Free() => new(FreePort(), FreePort(), FreePort());

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
