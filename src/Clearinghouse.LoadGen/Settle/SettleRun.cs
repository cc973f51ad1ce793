using Clearinghouse.LoadGen.Baseline;
using Grpc.Core;
using Npgsql;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>
/// One settle run: set-up over the gRPC API, the unmeasured warm-up, the measured load phase, the raw-PostgreSQL
/// baseline (with --baseline-connection), the ledger verification, and the report. Exit codes: <see cref="ExitCodes"/>.
/// </summary>
public sealed class SettleRun(LoadGenOptions options)
{
    private readonly Progress _progress = new();
    private readonly World _world = new(options.RunId, options.Regions, options.People) { Tiers = options.Tiers, CatalogueItems = options.CatalogueItems };
    private SetupResult? _setup;
    private LoadResult? _load;
    private BaselineResult? _baseline;
    private VerificationResult? _verification;
    private PgCounters? _database;
    private (long PeakKiB, long RssKiB)? _afterLoad;
    private (DateTimeOffset From, DateTimeOffset To)? _measured;
    private FlagLagFigures? _flagLag;
    private string? _requestPrefix;

    public async Task<int> RunAsync()
    {
        using var signals = new StopSignals();
        var startedAt = DateTimeOffset.UtcNow;
        var machine = MachineInfo.Current();
        using var rpc = new Rpc(options.Targets, options.Connections, options.CallTimeout, options.Tls?.Single, options.Tls?.Folder);
        Announce(machine);
        int exitCode;
        try
        {
            if (!await PrepareAsync(rpc, signals.Abort))
            {
                // Nothing was measured: no report.
                return ExitCodes.Usage;
            }
            exitCode = await MeasureAndCheckAsync(rpc, signals);
        }
        catch (OperationCanceledException) when (signals.Abort.IsCancellationRequested)
        {
            exitCode = ExitCodes.Aborted;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && signals.Abort.IsCancellationRequested)
        {
            exitCode = ExitCodes.Aborted;
        }
        await BuildReport(machine, startedAt, signals.Received).PublishAsync(options.JsonFile);
        return exitCode;
    }

    private void Announce(MachineInfo machine)
    {
        var o = options;
        Console.Error.WriteLine($"loadgen: run {o.RunId} against {string.Join(",", o.Targets)}: {o.Regions} regions ({_world.Regions[0].Code}..{_world.Regions[^1].Code}), " +
            $"{o.People:N0} people; load {(o.Rate > 0 ? $"at {o.Rate:N0}/s" : $"at full speed with {o.Callers} callers")}" +
            $"{(o.Api == SettleApi.Stream ? " over SettleStream calls" : "")}, " +
            $"{(o.Duration is { } dd ? $"{dd.TotalSeconds:0} s" : "")}{(o.Duration is not null && o.Count is not null ? " or " : "")}{(o.Count is { } cc ? $"{cc:N0} settlements" : "")}; " +
            $"load average {machine.LoadAverageAtStart}");
    }

    /// <summary>Waits for the host, sets up the world, analyzes the database and runs an experiment's SQL; false when one of them failed.</summary>
    private async Task<bool> PrepareAsync(Rpc rpc, CancellationToken abort)
    {
        if (!await rpc.WaitForHostAsync(options.WaitForHost, abort))
        {
            return false;
        }
        if (!options.SkipSetup && !await SetUpAsync(rpc, abort))
        {
            return false;
        }
        if (options.BaselineConnection is { } analyzed && !abort.IsCancellationRequested
            && await PostgresProbe.AnalyzeAsync(analyzed, abort) is { } analyzeSeconds)
        {
            Console.Error.WriteLine($"loadgen: analyzed the database after set-up in {analyzeSeconds:0.0} s (statistics, as a running database has)");
        }
        if (options.AwaitSupervision > TimeSpan.Zero && options.BaselineConnection is { } database && !abort.IsCancellationRequested)
        {
            await SupervisionBacklog.AwaitAsync(database, options.AwaitSupervision, abort);
        }
        if (options.AfterSetupSql is { } script && options.BaselineConnection is { } experimental && !abort.IsCancellationRequested)
        {
            return await RunExperimentAsync(experimental, script, abort);
        }
        return true;
    }

    private async Task<bool> SetUpAsync(Rpc rpc, CancellationToken abort)
    {
        try
        {
            _setup = await new Setup(_world, rpc, options.SetupParallelism, _progress).RunAsync(abort);
            Console.Error.WriteLine($"loadgen: setup done in {_setup.Seconds:0.0} s ({_setup.Calls:N0} calls)");
            return true;
        }
        catch (Exception e) when (e is SetupException or RpcException && !abort.IsCancellationRequested)
        {
            Console.Error.WriteLine($"loadgen: setup failed: {e.Message}");
            return false;
        }
    }

    private static async Task<bool> RunExperimentAsync(string connection, string script, CancellationToken abort)
    {
        try
        {
            await PostgresProbe.RunScriptAsync(connection, await File.ReadAllTextAsync(script, abort), abort);
            Console.Error.WriteLine($"loadgen: ran {script} in the database after set-up: this run is an experiment");
            return true;
        }
        catch (NpgsqlException e) when (!abort.IsCancellationRequested)
        {
            Console.Error.WriteLine($"loadgen: --after-setup-sql failed: {e.Message}");
            return false;
        }
    }

    private async Task<int> MeasureAndCheckAsync(Rpc rpc, StopSignals signals)
    {
        await WarmUpAsync(rpc, signals);
        var (phase, load) = await LoadAsync(rpc, signals);
        var interrupted = signals.StopIssuing.IsCancellationRequested && signals.Received;
        var exitCode = ExitCodes.Ok;
        if (options.BaselineConnection is { } connection && !interrupted && !await RunBaselineAsync(connection, load, signals.Abort))
        {
            exitCode = ExitCodes.Usage;
        }
        if (!options.SkipVerify && !await VerifyAsync(rpc, phase.SettlePrefix, load, signals.Abort))
        {
            exitCode = ExitCodes.VerificationFailed;
        }
        // After the verification, which gives the supervision processor time to catch up with the last settlements.
        if (options.BaselineConnection is { } database && _measured is { } measured)
        {
            _flagLag = await FlagLagFigures.MeasureAsync(database, measured.From, measured.To, signals.Abort);
        }
        if (exitCode == ExitCodes.Ok && load.Accepted == 0)
        {
            Console.Error.WriteLine("loadgen: no settlement was accepted");
            exitCode = ExitCodes.NothingAccepted;
        }
        return exitCode;
    }

    private async Task WarmUpAsync(Rpc rpc, StopSignals signals)
    {
        if (options.Warmup <= TimeSpan.Zero || signals.StopIssuing.IsCancellationRequested)
        {
            return;
        }
        // The same load, unmeasured, so the figures below are the sustained rate and not the JIT's
        // tier-up. Its request ids carry another tag, so the verification below leaves them out.
        var warm = await new LoadPhase(_world, rpc, options with { Duration = options.Warmup, Count = null }, _progress)
            .RunAsync(signals.StopIssuing, signals.Abort);
        Console.Error.WriteLine($"loadgen: warm-up {warm.Seconds:0.0} s: {warm.Accepted:N0} settlements ({warm.Accepted / Math.Max(warm.Seconds, 0.001):N0}/s), not counted");
    }

    /// <summary>The measured load phase, with the host's memory right after it and what it did in PostgreSQL.</summary>
    private async Task<(LoadPhase Phase, LoadResult Load)> LoadAsync(Rpc rpc, StopSignals signals)
    {
        var abort = signals.Abort;
        var connection = options.BaselineConnection;
        var postmaster = connection is not null ? await PostgresProbe.PostmasterPidAsync(connection, abort) : null;
        var phase = new LoadPhase(_world, rpc, options, _progress) { PostmasterPid = postmaster };
        _requestPrefix = phase.RequestPrefix;
        signals.InLoad = true;
        var counters0 = connection is not null ? await PostgresProbe.CountersAsync(connection, abort) : null;
        await using var follower = options.FollowAll ? AllFollower.Start(options) : null;
        var from = DateTimeOffset.UtcNow;
        var load = _load = await phase.RunAsync(signals.StopIssuing, abort);
        _measured = (from, DateTimeOffset.UtcNow);
        signals.InLoad = false;
        if (follower is not null)
        {
            await follower.StopAndReportAsync(load.EventRows, TimeSpan.FromSeconds(60));
        }
        // The host's memory right after the load (the verification's reads come later and are not load).
        _afterLoad = options.HostPid is { } hostPid ? HostProbe.Memory(hostPid) : null;
        if (connection is not null && counters0 is not null)
        {
            // pg_stat_database is flushed by each backend at most once a second: let the last ones land.
            await Task.Delay(TimeSpan.FromSeconds(2), abort);
            _database = (await PostgresProbe.CountersAsync(connection, abort))?.Minus(counters0);
        }
        return (phase, load);
    }

    /// <summary>The baseline on the same database; false when it failed.</summary>
    private async Task<bool> RunBaselineAsync(string connection, LoadResult load, CancellationToken abort)
    {
        try
        {
            var (settlementRows, reversalRows) = BaselineRows(load);
            _baseline = await new BaselineRun(connection, options.RunId, options.BaselineWriters, options.BaselineBatch, options.BaselineMode, options.BaselineWarmup, _progress)
                .RunAsync(settlementRows, reversalRows, abort);
            return true;
        }
        catch (NpgsqlException e) when (!abort.IsCancellationRequested)
        {
            Console.Error.WriteLine($"loadgen: the baseline failed: {e.Message}");
            return false;
        }
    }

    /// <summary>As many settlement and reversal rows as the load phase wrote events, or --baseline-rows in the same proportion.</summary>
    private (long Settlements, long Reversals) BaselineRows(LoadResult load)
    {
        if (options.BaselineRows is not { } rows)
        {
            return (load.Accepted, load.Reversals);
        }
        var reversals = rows * load.Reversals / Math.Max(1, load.EventRows);
        return (rows - reversals, reversals);
    }

    /// <summary>Reads the ledger back and compares it; false on a mismatch or when it could not be read.</summary>
    private async Task<bool> VerifyAsync(Rpc rpc, string settlePrefix, LoadResult load, CancellationToken abort)
    {
        try
        {
            _verification = await new Verifier(_world, rpc, settlePrefix, _progress).RunAsync(load, abort);
            return _verification.Ok;
        }
        catch (RpcException e) when (!abort.IsCancellationRequested)
        {
            Console.Error.WriteLine($"loadgen: verification could not read the ledger: {e.StatusCode}: {e.Status.Detail}");
            return false;
        }
    }

    private Report BuildReport(MachineInfo machine, DateTimeOffset startedAt, bool interrupted) => new()
    {
        RunId = options.RunId,
        Note = options.Note,
        Tiers = options.Tiers,
        CatalogueItems = options.CatalogueItems,
        PeopleInTurn = options.PeopleOrder == PeopleOrder.Cycle ? options.People : 0,
        Experiment = options.AfterSetupSql,
        RequestPrefix = _requestPrefix ?? "",
        StartedAt = startedAt,
        Machine = machine,
        Options = options.Figures(),
        Setup = _setup,
        Load = _load,
        Host = options.HostPid is { } pid ? HostFigures.Read(pid, _afterLoad) : null,
        Database = _database,
        Baseline = _baseline is null || _load is null ? null : BaselineFigures.From(_baseline, _load),
        Verification = _verification is null ? null : VerificationFigures.From(_verification),
        // Only where supervision flagged something (its processor is on) or flags were planted.
        FlagLag = _flagLag is { } lag && (lag.Flags > 0 || options.PlantFlags) ? lag : null,
        Interrupted = interrupted,
    };
}
