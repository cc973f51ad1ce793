using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.V1;
using Clearinghouse.Api.Identity;
using Clearinghouse.V1.Identity;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>
/// One silo as its own OS process: the built host (<c>dotnet Clearinghouse.Host.dll</c>, the build of the same
/// configuration as this test assembly) in ADO.NET cluster mode on 127.0.0.1, on ports chosen once, so a
/// restart comes back on the same gRPC address. <see cref="Kill"/> is a real SIGKILL (no shutdown code of the
/// host runs), <see cref="TerminateAsync"/> a SIGTERM (Linux). The process is killed on dispose whatever happened.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private const int KeptLogLines = 200;
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    private readonly string _name;
    private readonly string _connectionString;
    private readonly int _siloPort;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _awaitedLines = new();
    private readonly IReadOnlyDictionary<string, string> _extraSettings;
    private Process? _process;

    private SiloProcess(string name, string connectionString, IReadOnlyDictionary<string, string>? extraSettings)
    {
        _name = name;
        _connectionString = connectionString;
        _extraSettings = extraSettings ?? new Dictionary<string, string>();
        _siloPort = SiloPorts.Next();
        Address = new Uri($"https://127.0.0.1:{SiloPorts.Next()}");
    }

    /// <summary>The silo's name in the membership table.</summary>
    public string Name => _name;

    /// <summary>The silo's gRPC address (the same after a restart).</summary>
    public Uri Address { get; }

    /// <summary>The last lines the process wrote (warnings and errors), to tell why a start failed.</summary>
    public string LogTail => string.Join(Environment.NewLine, _log);

    /// <summary>Whether the process (this start of it) is still running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts the silo and returns once it answers a call that goes through a grain.</summary>
    /// <param name="extraSettings">Host settings beside the cluster's own (e.g. a fault-injection point), on every start.</param>
    public static async Task<SiloProcess> StartAsync(
        string name, string connectionString, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        var silo = new SiloProcess(name, connectionString, extraSettings);
        try
        {
            await silo.StartAgainAsync(cancellationToken);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the process (again, after <see cref="Kill"/>) and waits until it serves.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        var dll = HostDll();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in Settings().Concat(_extraSettings))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        start.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilServingAsync(process, cancellationToken);
    }

    /// <summary>SIGKILL: the process ends at once, its grains and connections with it.</summary>
    public void Kill()
    {
        var process = _process ?? throw new InvalidOperationException($"{_name} is not running");
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
        _process = null;
    }

    /// <summary>SIGTERM, as a service manager stops it: the host shuts down gracefully; returns once the process has ended.</summary>
    public async Task TerminateAsync(CancellationToken cancellationToken)
    {
        var process = _process ?? throw new InvalidOperationException($"{_name} is not running");
        // .NET sends only SIGKILL itself; kill(1) sends the signal a service manager would.
        using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync(cancellationToken);
            if (signal.ExitCode != 0)
            {
                throw new InvalidOperationException($"kill -TERM {process.Id} exited with {signal.ExitCode}");
            }
        }
        await process.WaitForExitAsync(cancellationToken);
        process.Dispose();
        _process = null;
    }

    /// <summary>A channel to this silo calling as <paramref name="caller"/>, without gRPC's own retries (the test counts every attempt).</summary>
    public GrpcChannel OpenChannel(Caller? caller)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        TestCertificates.Instance.ClientFor(caller).Apply(handler.SslOptions);
        return GrpcChannel.ForAddress(Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["ConnectionStrings:Clearinghouse"] = _connectionString,
        ["Clearinghouse:ListenAddress"] = "127.0.0.1",
        ["Clearinghouse:Port"] = Address.Port.ToString(CultureInfo.InvariantCulture),
        ["Clearinghouse:SiloPort"] = _siloPort.ToString(CultureInfo.InvariantCulture),
        ["Clearinghouse:GatewayPort"] = "0",
        ["Clearinghouse:Tls:Certificate"] = TestCertificates.Instance.ServerCertificatePath,
        ["Clearinghouse:Tls:Key"] = TestCertificates.Instance.ServerKeyPath,
        ["Clearinghouse:Tls:ClientCa"] = TestCertificates.Instance.CaPath,
        ["Clearinghouse:Cluster:Mode"] = "AdoNet",
        ["Clearinghouse:Cluster:ClusterId"] = ClusterFixture.ClusterId,
        ["Clearinghouse:Cluster:AdvertisedAddress"] = "127.0.0.1",
        ["Clearinghouse:Cluster:SiloName"] = _name,
        // As in every test host: no supervision flags or checkpoints the test did not write.
        ["Clearinghouse:Supervision:Enabled"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
    };

    private async Task WaitUntilServingAsync(Process process, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(StartLimit);
        using var channel = OpenChannel(TestCallers.Officer);
        var health = new Health.HealthClient(channel);
        var clearing = new ClearingService.ClearingServiceClient(channel);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{_name} exited with {process.ExitCode} while starting:{Environment.NewLine}{LogTail}");
            }
            try
            {
                // Health follows the database; the period read goes through a grain, so the silo has joined.
                var status = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: limit.Token);
                if (status.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    await clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest(), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: limit.Token);
                    return;
                }
            }
            catch (RpcException) when (!limit.IsCancellationRequested)
            {
                // Not listening or not joined yet.
            }
            catch (Exception e) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{_name} did not serve within {StartLimit.TotalSeconds:0} s:{Environment.NewLine}{LogTail}", e);
            }
            await Task.Delay(200, limit.Token);
        }
    }

    /// <summary>Completes when the process writes a line containing <paramref name="text"/> (one text awaited at a time each).</summary>
    public Task WaitForLineAsync(string text, CancellationToken cancellationToken) =>
        _awaitedLines.GetOrAdd(text, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(cancellationToken);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        foreach (var (text, seen) in _awaitedLines)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                seen.TrySetResult();
            }
        }
        _log.Enqueue($"[{_name}] {line}");
        while (_log.Count > KeptLogLines && _log.TryDequeue(out _))
        {
        }
    }

    /// <summary>The host built beside this test assembly: src/Clearinghouse.Host/bin/{configuration}/{framework}.</summary>
    private static string HostDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Clearinghouse.sln")))
        {
            root = root.Parent;
        }
        if (root is null)
        {
            throw new InvalidOperationException($"no Clearinghouse.sln above {AppContext.BaseDirectory}");
        }
        var dll = Path.Combine(root.FullName, "src", "Clearinghouse.Host", "bin", configuration, framework, "Clearinghouse.Host.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("the host is not built (the test project references it, so building the tests builds it)", dll);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            process.Dispose();
        }
    }
}
