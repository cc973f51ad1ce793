using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Clearinghouse.Api.Identity;
using Clearinghouse.Integration.Tests.Infrastructure;

namespace Clearinghouse.Integration.Tests.EventStore;

/// <summary>
/// The official Node.js EventStoreDB client (tests/eventstore-client, npm @eventstore/db-client) running one
/// scenario of its scenario.mjs against a host, as a caller with that caller's certificate. Every line it prints is
/// a JSON object, read as it comes; everything is bounded in time.
/// </summary>
public sealed class NodeClient : IAsyncDisposable
{
    private static readonly Lazy<string> Folder = new(Prepare);
    private readonly Process _process;
    private readonly Channel<JsonElement> _lines = Channel.CreateUnbounded<JsonElement>();
    private readonly StringBuilder _errors = new();

    private NodeClient(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else if (line.Data.Length > 0)
            {
                _lines.Writer.TryWrite(JsonDocument.Parse(line.Data).RootElement.Clone());
            }
        };
        _process.ErrorDataReceived += (_, line) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(line.Data);
            }
        };
    }

    /// <summary>Starts a scenario against <paramref name="host"/> as <paramref name="caller"/>.</summary>
    public static NodeClient Start(RunningHost host, Caller caller, params string[] arguments)
    {
        var (certificate, key) = TestCertificates.Instance.FilesFor(caller);
        var start = new ProcessStartInfo("node") { WorkingDirectory = Folder.Value, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("scenario.mjs");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Mutual TLS as every caller of the clearinghouse: the tests' CA, and the caller's certificate and key.
        start.Environment["ESDB_CONNECTION"] =
            $"esdb://127.0.0.1:{host.Address.Port}?tls=true&tlsCAFile={TestCertificates.Instance.CaPath}&userCertFile={certificate}&userKeyFile={key}";
        var process = new Process { StartInfo = start };
        var client = new NodeClient(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return client;
    }

    /// <summary>The next line the client printed, within <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _lines.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the Node client printed nothing for {timeout.TotalSeconds} s; its errors: {Errors}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"the Node client ended without another line; its errors: {Errors}");
        }
    }

    /// <summary>Every line until the client ends by itself (a read, an append), within <paramref name="timeout"/>.</summary>
    public async Task<List<JsonElement>> AllAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var lines = new List<JsonElement>();
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cancel.Token))
            {
                lines.Add(line);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the Node client did not end within {timeout.TotalSeconds} s; its errors: {Errors}");
        }
        return lines;
    }

    /// <summary>Ends a following scenario: it unsubscribes when its standard input closes.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(cancel.Token);
        _process.Dispose();
    }

    /// <summary>
    /// The client's folder, with its packages installed from the committed lock file when they are not yet
    /// (ops/test.sh installs Node.js and npm on a machine that lacks them).
    /// </summary>
    private static string Prepare()
    {
        var folder = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(folder, "tests", "eventstore-client", "package.json")))
        {
            folder = Path.GetDirectoryName(folder) ?? throw new InvalidOperationException("tests/eventstore-client is not above the test binaries");
        }
        folder = Path.Combine(folder, "tests", "eventstore-client");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@eventstore", "db-client")))
        {
            var install = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
            {
                install.ArgumentList.Add(argument);
            }
            using var npm = Process.Start(install)!;
            var errors = npm.StandardError.ReadToEndAsync();
            npm.StandardOutput.ReadToEnd();
            if (!npm.WaitForExit(TimeSpan.FromMinutes(3)) || npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {folder} failed: {errors.Result}");
            }
        }
        return folder;
    }
}
