using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Clearinghouse.Integration.Tests.Outage;

/// <summary>
/// A PostgreSQL server of one test's own, to kill and start again: initdb into a temporary folder (trust
/// authentication, 127.0.0.1 only, a free port below Linux's ephemeral range), pg_ctl start. As root, the
/// server's programs run as the <c>postgres</c> user, as PostgreSQL requires. The shared test server is
/// never touched. Needs the PostgreSQL server programs (initdb, pg_ctl) on PATH or under /usr/lib/postgresql.
/// </summary>
public sealed class ThrowAwayPostgres : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);

    private readonly string _bin;
    private readonly string _folder;
    private readonly string _data;
    private readonly bool _asPostgresUser;

    private readonly int _maxConnections;

    private ThrowAwayPostgres(string bin, string folder, int port, bool asPostgresUser, int maxConnections)
    {
        _maxConnections = maxConnections;
        _bin = bin;
        _folder = folder;
        _data = Path.Combine(folder, "data");
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    /// <summary>To the server's <c>postgres</c> database; a small pool, a short connect timeout.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = "postgres", Database = "postgres", MaxPoolSize = 30, Timeout = 5,
    }.ConnectionString;

    /// <param name="maxConnections">The server's max_connections: 100 serves one host; three silos, each with several pools, need more.</param>
    public static async Task<ThrowAwayPostgres> StartAsync(int maxConnections = 100)
    {
        var bin = FindBinaries();
        var asPostgresUser = Environment.UserName == "root";
        var folder = Path.Combine(Path.GetTempPath(), "ch-outage-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var server = new ThrowAwayPostgres(bin, folder, FreePort(), asPostgresUser, maxConnections);
        try
        {
            if (asPostgresUser)
            {
                await RunAsync("chown", ["postgres:postgres", folder]);
            }
            await server.RunAsServerUserAsync("initdb", ["-D", server._data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
            await server.StartServerAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL to the postmaster (its pid from postmaster.pid): a crash, not a shutdown.</summary>
    public void KillPostmaster()
    {
        var pid = int.Parse(File.ReadLines(Path.Combine(_data, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        using var postmaster = Process.GetProcessById(pid);
        postmaster.Kill();
        postmaster.WaitForExit(10_000);
    }

    /// <summary>
    /// Starts the server again after a kill. Its orphaned backends leave when they notice the postmaster gone;
    /// until then the old shared memory is in use and a start is refused, so it is tried again, bounded.
    /// </summary>
    public async Task RestartAsync()
    {
        var until = DateTime.UtcNow + StartLimit;
        while (true)
        {
            try
            {
                await StartServerAsync();
                return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(200);
            }
        }
    }

    private Task StartServerAsync() => RunAsServerUserAsync("pg_ctl",
    [
        "-D", _data, "-l", Path.Combine(_folder, "postgres.log"), "-w", "-t", "20",
        "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections={_maxConnections}",
        "start",
    ]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(_data, "postmaster.pid")))
            {
                await RunAsServerUserAsync("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "stop"]);
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped (e.g. killed and not started again): nothing to stop.
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Task RunAsServerUserAsync(string program, IReadOnlyList<string> arguments) =>
        _asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. arguments])
            : RunAsync(Path.Combine(_bin, program), arguments);

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {await errors}{await output}");
        }
    }

    private static string FindBinaries()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(version => Path.Combine(version, "bin"))
            : [];
        return onPath.Concat(installed).FirstOrDefault(folder => File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "the outage tests start a PostgreSQL server of their own: initdb and pg_ctl must be on PATH or under /usr/lib/postgresql (apt-get install postgresql)");
    }

    /// <summary>A port free now, below 32768, so never the local end of an outgoing connection.</summary>
    private static int FreePort()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                probe.Stop();
                return port;
            }
            catch (SocketException)
            {
                // Taken; try another.
            }
        }
        throw new InvalidOperationException("no free port found in 20000..32000");
    }
}
