using System.CommandLine;
using System.Runtime.InteropServices;
using Clearinghouse.LoadGen;
using Grpc.Core;
using Npgsql;

var target = new Option<string>("--target") { Description = "Address of the clearinghouse gRPC endpoint (h2c)", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
var regions = new Option<int>("--regions") { Description = "Regions to set up (2..100)", DefaultValueFactory = _ => 4 };
var people = new Option<int>("--people") { Description = "Insured people to enrol, spread over the regions", DefaultValueFactory = _ => 10_000 };
var callers = new Option<int>("--callers") { Description = "Concurrent callers at full speed (and 1/8 of them are the baseline's writers)", DefaultValueFactory = _ => 64 };
var warmup = new Option<int>("--warmup") { Description = "Seconds of load sent first and not measured (JIT tier-up, connection pools, caches); its settlements are not verified", DefaultValueFactory = _ => 15 };
var duration = new Option<int?>("--duration") { Description = "Load-phase length in seconds (default 60 unless --count is given; with both, whichever comes first)" };
var count = new Option<long?>("--count") { Description = "Settle calls to send, then stop" };
var rate = new Option<double>("--rate") { Description = "Offered settlements per second on an open-loop timetable; 0 = full speed", DefaultValueFactory = _ => 0 };
var maxInFlight = new Option<int>("--max-in-flight") { Description = "At a fixed --rate, most calls in flight at once (later sends wait, and their latency counts from their scheduled time)", DefaultValueFactory = _ => 1_000 };
var api = new Option<SettleApi>("--api") { Description = "How settlements are sent: unary (one Settle call each) or stream (multiplexed over long-lived SettleStream calls, --streams per connection); reversals are unary Reverse calls either way", DefaultValueFactory = _ => SettleApi.Unary };
var reversePercent = new Option<double>("--reverse-percent") { Description = "Percentage of accepted settlements that are then reversed", DefaultValueFactory = _ => 2 };
var itemsMax = new Option<int>("--items-max") { Description = "Most line items per settlement (1..1000; each visit has 1..this many)", DefaultValueFactory = _ => 30 };
var json = new Option<string?>("--json") { Description = "Also write the figures to this JSON file" };
var baselineConnection = new Option<string?>("--baseline-connection") { Description = "Npgsql connection string of the clearinghouse's PostgreSQL: after the load phase, append the same number of event-sized rows there directly and print the ratio" };
var baselineWriters = new Option<int?>("--baseline-writers") { Description = "Concurrent writers of the baseline (default callers/8, at least 1)" };
var baselineBatch = new Option<int>("--baseline-batch") { Description = "Rows per baseline transaction", DefaultValueFactory = _ => 100 };
var baselineMode = new Option<BaselineMode>("--baseline-mode") { Description = "batch: an NpgsqlBatch of single-row INSERTs per transaction (each event a jsonb parameter, as Marten sends them); unnest: one multi-row INSERT from arrays", DefaultValueFactory = _ => BaselineMode.Batch };
var baselineWarmup = new Option<double>("--baseline-warmup") { Description = "Seconds the baseline writers append before its clock starts (rows not counted), as the load phase has its --warmup", DefaultValueFactory = _ => 10 };
var baselineRows = new Option<long?>("--baseline-rows") { Description = "Rows for the baseline (default: as many as the load phase wrote events); the ratio is then still computed from rows/s" };
var hostPid = new Option<int?>("--host-pid") { Description = "Process id of the host: report its peak memory (VmHWM), RSS and CPU from /proc" };
var setupParallelism = new Option<int>("--setup-parallelism") { Description = "Setup calls in flight at once", DefaultValueFactory = _ => 64 };
var runId = new Option<string?>("--run-id") { Description = "Prefix of every request id, person id and hospital code (letters and digits, 1..24; default random). The same run id re-uses the same world" };
var skipVerify = new Option<bool>("--skip-verify") { Description = "Do not read the ledger back at the end" };
var skipSetup = new Option<bool>("--skip-setup") { Description = "The world of this --run-id (same --regions/--people) is already set up: go straight to the load" };
var streams = new Option<int>("--streams") { Description = "With --api stream: SettleStream calls per connection, settlements spread round-robin over all of them", DefaultValueFactory = _ => 1 };
var connections = new Option<int>("--connections") { Description = "gRPC channels (HTTP/2 connections) to spread calls over", DefaultValueFactory = _ => 2 };
var waitForHost = new Option<int>("--wait-for-host") { Description = "Seconds to wait for the host to answer before giving up", DefaultValueFactory = _ => 30 };
var peopleOrder = new Option<PeopleOrder>("--people-order") { Description = "random: each visit picks a random person; cycle: visit n goes to person n mod P (touches every person)", DefaultValueFactory = _ => PeopleOrder.Random };
var note = new Option<string?>("--note") { Description = "Free text recorded with the figures, e.g. the server's commit (ops/bench.sh sets it)" };
var afterSetupSql = new Option<FileInfo?>("--after-setup-sql") { Description = "Experiments only: run this SQL file in --baseline-connection's database after set-up, before the warm-up (e.g. ops/experiments/event-rows-only.sql); the report marks the run as an experiment, not the clearinghouse as built" };
var timeout = new Option<int>("--timeout") { Description = "Deadline of each call in seconds", DefaultValueFactory = _ => 30 };

var root = new RootCommand("Clearinghouse load generator: sets up regions, hospitals and people over the gRPC API, sends settlements and reversals, " +
    "reports throughput and latency, compares with a raw-PostgreSQL baseline, and verifies the ledger against what it was told.");
foreach (var option in new Option[] { target, regions, people, callers, warmup, duration, count, rate, maxInFlight, api, reversePercent, itemsMax, json,
             baselineConnection, baselineWriters, baselineBatch, baselineMode, baselineWarmup, baselineRows, hostPid, setupParallelism, runId, skipVerify, skipSetup, connections, streams,
             waitForHost, peopleOrder, timeout, note, afterSetupSql })
{
    root.Options.Add(option);
}

root.SetAction(async (parse, cancellationToken) =>
{
    var errors = new List<string>();
    var targetText = parse.GetValue(target)!;
    if (!Uri.TryCreate(targetText, UriKind.Absolute, out var targetUri) || targetUri.Scheme is not ("http" or "https"))
    {
        errors.Add($"--target must be an http:// or https:// address, got '{targetText}'");
    }
    var id = parse.GetValue(runId) ?? "r" + Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64()))[..7];
    if (id.Length is 0 or > 24 || !id.All(char.IsAsciiLetterOrDigit))
    {
        errors.Add($"--run-id must be 1..24 ASCII letters or digits, got '{id}'");
    }
    var d = parse.GetValue(duration);
    var n = parse.GetValue(count);
    var c = parse.GetValue(callers);
    void Check(bool ok, string message)
    {
        if (!ok)
        {
            errors.Add(message);
        }
    }
    Check(parse.GetValue(regions) is >= 2 and <= 100, "--regions must be within 2..100 (visits are out-of-region)");
    Check(parse.GetValue(people) >= 1, "--people must be at least 1");
    Check(c >= 1, "--callers must be at least 1");
    Check(d is null or > 0, "--duration must be positive");
    Check(parse.GetValue(warmup) is >= 0 and <= 3600, "--warmup must be within 0..3600 seconds");
    Check(n is null or > 0, "--count must be positive");
    Check(parse.GetValue(rate) >= 0, "--rate must be 0 (full speed) or positive");
    Check(parse.GetValue(maxInFlight) >= 1, "--max-in-flight must be at least 1");
    Check(parse.GetValue(reversePercent) is >= 0 and <= 100, "--reverse-percent must be within 0..100");
    Check(parse.GetValue(itemsMax) is >= 1 and <= 1_000, "--items-max must be within 1..1000");
    Check(parse.GetValue(setupParallelism) >= 1, "--setup-parallelism must be at least 1");
    Check(parse.GetValue(connections) is >= 1 and <= 64, "--connections must be within 1..64");
    Check(parse.GetValue(streams) is >= 1 and <= 64, "--streams must be within 1..64");
    Check(parse.GetValue(baselineBatch) is >= 1 and <= 10_000, "--baseline-batch must be within 1..10000");
    Check(parse.GetValue(baselineWriters) is null or >= 1, "--baseline-writers must be at least 1");
    Check(parse.GetValue(baselineRows) is null or > 0, "--baseline-rows must be positive");
    Check(parse.GetValue(baselineWarmup) is >= 0 and <= 600, "--baseline-warmup must be within 0..600 seconds");
    Check(parse.GetValue(timeout) >= 1, "--timeout must be at least 1 second");
    if (parse.GetValue(baselineConnection) is { } cs)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(cs);
        }
        catch (ArgumentException e)
        {
            errors.Add($"--baseline-connection is not a valid connection string: {e.Message}");
        }
    }
    if (parse.GetValue(afterSetupSql) is { } sqlFile)
    {
        Check(parse.GetValue(baselineConnection) is not null, "--after-setup-sql needs --baseline-connection (the database it runs in)");
        Check(sqlFile.Exists, $"--after-setup-sql: no file {sqlFile.FullName}");
    }
    if (errors.Count > 0)
    {
        foreach (var e in errors)
        {
            Console.Error.WriteLine("loadgen: " + e);
        }
        return 2;
    }

    var options = new LoadGenOptions
    {
        Target = targetUri!,
        Regions = parse.GetValue(regions),
        People = parse.GetValue(people),
        Callers = c,
        Duration = d is { } seconds ? TimeSpan.FromSeconds(seconds) : n is null ? TimeSpan.FromSeconds(60) : null,
        Count = n,
        Warmup = TimeSpan.FromSeconds(parse.GetValue(warmup)),
        Rate = parse.GetValue(rate),
        MaxInFlight = parse.GetValue(maxInFlight),
        Api = parse.GetValue(api),
        ReversePercent = parse.GetValue(reversePercent),
        ItemsMax = parse.GetValue(itemsMax),
        JsonFile = parse.GetValue(json),
        BaselineConnection = parse.GetValue(baselineConnection),
        HostPid = parse.GetValue(hostPid),
        SetupParallelism = parse.GetValue(setupParallelism),
        RunId = id,
        SkipVerify = parse.GetValue(skipVerify),
        SkipSetup = parse.GetValue(skipSetup),
        Connections = parse.GetValue(connections),
        StreamsPerConnection = parse.GetValue(streams),
        WaitForHost = TimeSpan.FromSeconds(parse.GetValue(waitForHost)),
        PeopleOrder = parse.GetValue(peopleOrder),
        BaselineBatch = parse.GetValue(baselineBatch),
        BaselineWriters = parse.GetValue(baselineWriters) ?? Math.Max(1, c / 8),
        BaselineMode = parse.GetValue(baselineMode),
        BaselineRows = parse.GetValue(baselineRows),
        BaselineWarmup = TimeSpan.FromSeconds(parse.GetValue(baselineWarmup)),
        CallTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
        Note = parse.GetValue(note),
        AfterSetupSql = parse.GetValue(afterSetupSql)?.FullName,
    };
    return await Runner.RunAsync(options);
});

root.Subcommands.Add(CloseBench.Create());
root.Subcommands.Add(ReconcileBench.Create());

var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // A usage error exits with 2, as the checks above do (README, docs/performance.md), rather than
    // System.CommandLine's 1, which this program reserves for a verification mismatch.
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine("loadgen: " + error.Message);
    }
    Console.Error.WriteLine("loadgen: see --help");
    return 2;
}
return await parsed.InvokeAsync(invocation);

namespace Clearinghouse.LoadGen
{
    internal static class Runner
    {
        public static async Task<int> RunAsync(LoadGenOptions options)
        {
            using var stopIssuing = new CancellationTokenSource();
            using var abort = new CancellationTokenSource();
            var signals = 0;
            var inLoad = false;
            long firstSignal = 0;
            void OnSignal()
            {
                // One Ctrl-C can arrive twice (from the terminal and forwarded by a wrapper such as `timeout`):
                // signals within a second of the first count as one.
                var now = Environment.TickCount64;
                if (signals > 0 && now - Interlocked.Read(ref firstSignal) < 1_000)
                {
                    return;
                }
                if (Interlocked.Increment(ref signals) == 1)
                {
                    Interlocked.Exchange(ref firstSignal, now);
                }
                if (signals == 1 && Volatile.Read(ref inLoad))
                {
                    Console.Error.WriteLine("\nloadgen: stopping: no new sends; finishing the calls in flight (again to abort)");
                    stopIssuing.Cancel();
                }
                else
                {
                    Console.Error.WriteLine("\nloadgen: aborting");
                    stopIssuing.Cancel();
                    abort.Cancel();
                }
            }
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                OnSignal();
            };
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                OnSignal();
            });

            var startedAt = DateTimeOffset.UtcNow;
            var machine = new MachineInfo(Environment.ProcessorCount, MemoryGib(), RuntimeInformation.OSDescription, HostProbe.LoadAverage(), Environment.MachineName);
            var progress = new Progress();
            var world = new World(options.RunId, options.Regions, options.People);
            using var rpc = new Rpc(options.Target, options.Connections, options.CallTimeout);
            Console.Error.WriteLine($"loadgen: run {options.RunId} against {options.Target}: {options.Regions} regions ({world.Regions[0].Code}..{world.Regions[^1].Code}), " +
                $"{options.People:N0} people; load {(options.Rate > 0 ? $"at {options.Rate:N0}/s" : $"at full speed with {options.Callers} callers")}" +
                $"{(options.Api == SettleApi.Stream ? " over SettleStream calls" : "")}, " +
                $"{(options.Duration is { } dd ? $"{dd.TotalSeconds:0} s" : "")}{(options.Duration is not null && options.Count is not null ? " or " : "")}{(options.Count is { } cc ? $"{cc:N0} settlements" : "")}; " +
                $"load average {machine.LoadAverageAtStart}");

            SetupResult? setup = null;
            LoadResult? load = null;
            BaselineResult? baseline = null;
            VerificationResult? verification = null;
            PgCounters? database = null;
            (long PeakKiB, long RssKiB)? afterLoad = null;
            var exitCode = 0;
            string? requestPrefix = null;
            try
            {
                if (!await rpc.WaitForHostAsync(options.WaitForHost, abort.Token))
                {
                    return 2;
                }
                if (!options.SkipSetup)
                {
                    try
                    {
                        setup = await new Setup(world, rpc, options.SetupParallelism, progress).RunAsync(abort.Token);
                        Console.Error.WriteLine($"loadgen: setup done in {setup.Seconds:0.0} s ({setup.Calls:N0} calls)");
                    }
                    catch (Exception e) when (e is SetupException or RpcException && !abort.IsCancellationRequested)
                    {
                        Console.Error.WriteLine($"loadgen: setup failed: {e.Message}");
                        return 2;
                    }
                }

                if (options.BaselineConnection is { } analyzed && !abort.IsCancellationRequested
                    && await PostgresProbe.AnalyzeAsync(analyzed, abort.Token) is { } analyzeSeconds)
                {
                    Console.Error.WriteLine($"loadgen: analyzed the database after set-up in {analyzeSeconds:0.0} s (statistics, as a running database has)");
                }

                if (options.AfterSetupSql is { } script && options.BaselineConnection is { } experimental && !abort.IsCancellationRequested)
                {
                    try
                    {
                        await PostgresProbe.RunScriptAsync(experimental, await File.ReadAllTextAsync(script, abort.Token), abort.Token);
                        Console.Error.WriteLine($"loadgen: ran {script} in the database after set-up: this run is an experiment");
                    }
                    catch (NpgsqlException e) when (!abort.IsCancellationRequested)
                    {
                        Console.Error.WriteLine($"loadgen: --after-setup-sql failed: {e.Message}");
                        return 2;
                    }
                }

                if (options.Warmup > TimeSpan.Zero && !stopIssuing.IsCancellationRequested)
                {
                    // The same load, unmeasured, so the figures below are the sustained rate and not the JIT's
                    // tier-up. Its request ids carry another tag, so the verification below leaves them out.
                    var warm = await new LoadPhase(world, rpc, options with { Duration = options.Warmup, Count = null }, progress)
                        .RunAsync(stopIssuing.Token, abort.Token);
                    Console.Error.WriteLine($"loadgen: warm-up {warm.Seconds:0.0} s: {warm.Accepted:N0} settlements ({warm.Accepted / Math.Max(warm.Seconds, 0.001):N0}/s), not counted");
                }
                var postmaster = options.BaselineConnection is { } pgcs ? await PostgresProbe.PostmasterPidAsync(pgcs, abort.Token) : null;
                var phase = new LoadPhase(world, rpc, options, progress) { PostmasterPid = postmaster };
                requestPrefix = phase.RequestPrefix;
                Volatile.Write(ref inLoad, true);
                var counters0 = options.BaselineConnection is { } pgcs0 ? await PostgresProbe.CountersAsync(pgcs0, abort.Token) : null;
                load = await phase.RunAsync(stopIssuing.Token, abort.Token);
                Volatile.Write(ref inLoad, false);
                // The host's memory right after the load (the verification's reads come later and are not load).
                afterLoad = options.HostPid is { } hostPid ? HostProbe.Memory(hostPid) : null;
                if (options.BaselineConnection is { } pgcs1 && counters0 is not null)
                {
                    // pg_stat_database is flushed by each backend at most once a second: let the last ones land.
                    await Task.Delay(TimeSpan.FromSeconds(2), abort.Token);
                    database = (await PostgresProbe.CountersAsync(pgcs1, abort.Token))?.Minus(counters0);
                }
                var interrupted = stopIssuing.IsCancellationRequested && signals > 0;

                if (options.BaselineConnection is { } cs && !interrupted)
                {
                    try
                    {
                        baseline = await new Baseline(cs, options.RunId, options.BaselineWriters, options.BaselineBatch, options.BaselineMode, options.BaselineWarmup, progress)
                            .RunAsync(
                                options.BaselineRows is { } rows ? rows - rows * load.Reversals / Math.Max(1, load.EventRows) : load.Accepted,
                                options.BaselineRows is { } rows2 ? rows2 * load.Reversals / Math.Max(1, load.EventRows) : load.Reversals,
                                abort.Token);
                    }
                    catch (NpgsqlException e) when (!abort.IsCancellationRequested)
                    {
                        Console.Error.WriteLine($"loadgen: the baseline failed: {e.Message}");
                        exitCode = 2;
                    }
                }
                if (!options.SkipVerify)
                {
                    try
                    {
                        verification = await new Verifier(world, rpc, phase.SettlePrefix, progress).RunAsync(load, abort.Token);
                        if (!verification.Ok)
                        {
                            exitCode = 1;
                        }
                    }
                    catch (RpcException e) when (!abort.IsCancellationRequested)
                    {
                        Console.Error.WriteLine($"loadgen: verification could not read the ledger: {e.StatusCode}: {e.Status.Detail}");
                        exitCode = 1;
                    }
                }
                if (exitCode == 0 && load.Accepted == 0)
                {
                    Console.Error.WriteLine("loadgen: no settlement was accepted");
                    exitCode = 3;
                }
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                exitCode = 130;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && abort.IsCancellationRequested)
            {
                exitCode = 130;
            }

            var report = BuildReport(options, machine, startedAt, requestPrefix, setup, load, afterLoad, database, baseline, verification, signals > 0);
            Console.Out.Write(report.ToText());
            if (options.JsonFile is { } file)
            {
                var full = Path.GetFullPath(file);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllTextAsync(full, report.ToJson());
                Console.Error.WriteLine($"loadgen: figures written to {full}");
            }
            return exitCode;
        }

        private static Report BuildReport(
            LoadGenOptions o, MachineInfo machine, DateTimeOffset startedAt, string? requestPrefix, SetupResult? setup, LoadResult? load,
            (long PeakKiB, long RssKiB)? afterLoad, PgCounters? database, BaselineResult? baseline, VerificationResult? verification, bool interrupted)
        {
            HostFigures? host = null;
            if (o.HostPid is { } pid)
            {
                var end = HostProbe.Memory(pid);
                host = new HostFigures(pid, afterLoad?.PeakKiB / 1024, afterLoad?.RssKiB / 1024, end?.PeakKiB / 1024, end?.RssKiB / 1024);
            }
            return new Report
            {
                RunId = o.RunId,
                Note = o.Note,
                Experiment = o.AfterSetupSql,
                RequestPrefix = requestPrefix ?? "",
                StartedAt = startedAt,
                Machine = machine,
                Options = new
                {
                    target = o.Target.ToString(), regions = o.Regions, people = o.People, callers = o.Callers,
                    warmup_seconds = o.Warmup.TotalSeconds, duration_seconds = o.Duration?.TotalSeconds, count = o.Count, rate = o.Rate, max_in_flight = o.MaxInFlight,
                    api = o.Api.ToString().ToLowerInvariant(),
                    reverse_percent = o.ReversePercent, items_max = o.ItemsMax, connections = o.Connections, streams_per_connection = o.StreamsPerConnection,
                    people_order = o.PeopleOrder.ToString().ToLowerInvariant(), setup_parallelism = o.SetupParallelism,
                    skip_setup = o.SkipSetup, baseline_writers = o.BaselineWriters, baseline_batch = o.BaselineBatch,
                    baseline_mode = o.BaselineMode.ToString().ToLowerInvariant(), baseline_rows = o.BaselineRows,
                },
                Setup = setup,
                Load = load is null ? null : LoadFigures.From(load),
                Host = host,
                Database = database,
                Baseline = baseline is null || load is null ? null : new BaselineFigures(
                    baseline.Rows, baseline.Seconds, baseline.RowsPerSecond, baseline.AverageEventBytes, baseline.SyntheticPayload,
                    baseline.Writers, baseline.BatchRows, baseline.Mode, baseline.SynchronousCommit, baseline.Fsync, baseline.PostgresCpuSeconds,
                    baseline.WarmupSeconds, baseline.AutovacuumWaitSeconds, load.EventRowsPerSecond,
                    baseline.RowsPerSecond > 0 ? load.EventRowsPerSecond / baseline.RowsPerSecond : 0),
                Verification = verification is null ? null : new VerificationFigures(
                    verification.Ok, verification.Seconds, verification.Periods, verification.Pages, verification.LedgerSettlements,
                    verification.GeneratorSettlements, verification.GeneratorReversals, verification.UnknownOutcomes,
                    verification.UnknownOutcomesFoundInLedger, verification.Sums, verification.Problems),
                Interrupted = interrupted,
            };
        }

        private static double MemoryGib()
        {
            try
            {
                var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or FormatException)
            {
                return 0;
            }
        }
    }
}
