using System.CommandLine;
using Clearinghouse.LoadGen.Settle;

namespace Clearinghouse.LoadGen.Commands;

/// <summary>
/// The settlement benchmark's options. Their defaults are the headline configuration (768 callers at full
/// speed over SettleStream calls, 8 per connection, a baseline of 32 writers), so the load generator run bare,
/// or ops/bench.sh without arguments, measures the figure the README reports; every other shape is an option away.
/// </summary>
internal sealed class SettleOptionSet
{
    /// <summary>The baseline's writers when --baseline-writers is not given: callers/8, within 1..this.</summary>
    public const int MaxDefaultBaselineWriters = 32;

    private readonly Option<string[]> _target = CommonOptions.Target();
    private readonly Option<int> _regions = new("--regions") { Description = "Regions to set up (2..100)", DefaultValueFactory = _ => 4 };
    private readonly Option<int> _people = new("--people") { Description = "Insured people to enrol, spread over the regions", DefaultValueFactory = _ => 10_000 };
    private readonly Option<int> _callers = new("--callers") { Description = $"Concurrent callers at full speed (and 1/8 of them, at most {MaxDefaultBaselineWriters}, are the baseline's writers)", DefaultValueFactory = _ => 768 };
    private readonly Option<int> _warmup = new("--warmup") { Description = "Seconds of load sent first and not measured (JIT tier-up, connection pools, caches); its settlements are not verified", DefaultValueFactory = _ => 15 };
    private readonly Option<int?> _duration = new("--duration") { Description = "Load-phase length in seconds (default 60 unless --count is given; with both, whichever comes first)" };
    private readonly Option<long?> _count = new("--count") { Description = "Settle calls to send, then stop" };
    private readonly Option<double> _rate = new("--rate") { Description = "Offered settlements per second on an open-loop timetable; 0 = full speed", DefaultValueFactory = _ => 0 };
    private readonly Option<int> _maxInFlight = new("--max-in-flight") { Description = "At a fixed --rate, most calls in flight at once (later sends wait, and their latency counts from their scheduled time)", DefaultValueFactory = _ => 1_000 };
    private readonly Option<SettleApi> _api = new("--api") { Description = "How settlements are sent: unary (one Settle call each) or stream (multiplexed over long-lived SettleStream calls, --streams per connection); reversals are unary Reverse calls either way", DefaultValueFactory = _ => SettleApi.Stream };
    private readonly Option<double> _reversePercent = new("--reverse-percent") { Description = "Percentage of accepted settlements that are then reversed", DefaultValueFactory = _ => 2 };
    private readonly Option<int> _itemsMax = new("--items-max") { Description = "Most line items per settlement (1..1000; each visit has 1..this many)", DefaultValueFactory = _ => 30 };
    private readonly Option<bool> _tiers = new("--tiers") { Description = "Every region's policy carries the serious-illness and assistance tiers, and one person in ten has an assistance status: settlements run all three tiers" };
    private readonly Option<int> _catalogueItems = new("--catalogue-items") { Description = "Every region publishes a catalogue (就医地目录) of this many items in force from the policies' date, and visits bill its codes with unit prices (some above the items' price limits); 0: no catalogue, lines carry the category sent, as before", DefaultValueFactory = _ => 0 };
    private readonly Option<bool> _plantFlags = new("--plant-flags") { Description = "About 0.5% of the visits are a visit sent again under a new request id (重复收费: still a valid settlement), so fund supervision has findings to flag; with --baseline-connection the report prints the flags' lag behind their settlements" };
    private readonly Option<string?> _json = CommonOptions.Json();
    private readonly BaselineOptionSet _baseline = new(
        "Npgsql connection string of the clearinghouse's PostgreSQL: after the load phase, append the same number of event-sized rows there directly and print the ratio",
        $"Concurrent writers of the baseline (default callers/8, at least 1 and at most {MaxDefaultBaselineWriters})",
        "Rows for the baseline (default: as many as the load phase wrote events); the ratio is then still computed from rows/s");
    private readonly Option<int?> _hostPid = CommonOptions.HostPid("Process id of the host: report its peak memory (VmHWM), RSS and CPU from /proc");
    private readonly Option<int> _setupParallelism = new("--setup-parallelism") { Description = "Setup calls in flight at once", DefaultValueFactory = _ => 64 };
    private readonly Option<string?> _runId = CommonOptions.RunId("Prefix of every request id, person id and hospital code (letters and digits, 1..24; default random). The same run id re-uses the same world");
    private readonly Option<bool> _skipVerify = new("--skip-verify") { Description = "Do not read the ledger back at the end" };
    private readonly Option<bool> _followAll = new("--follow-all") { Description = "Follow $all over the EventStoreDB protocol (as an officer) during the measured load and print the follower's lag" };
    private readonly Option<bool> _skipSetup = new("--skip-setup") { Description = "The world of this --run-id (same --regions/--people) is already set up: go straight to the load" };
    private readonly Option<int> _connections = new("--connections") { Description = "gRPC channels (HTTP/2 connections) to spread calls over", DefaultValueFactory = _ => 2 };
    private readonly Option<int> _streams = new("--streams") { Description = "With --api stream: SettleStream calls per connection, settlements spread round-robin over all of them", DefaultValueFactory = _ => 8 };
    private readonly Option<int> _waitForHost = CommonOptions.WaitForHost("Seconds to wait for the host to answer before giving up", 30);
    private readonly Option<int> _awaitSupervision = new("--await-supervision")
    {
        Description = "With --baseline-connection: before the warm-up, wait up to this many seconds for fund supervision's processor to handle " +
            "the settlements already in the database (a kept world's earlier runs), so that the run's figures are its own settlements' (0: do not wait)",
    };
    private readonly Option<PeopleOrder> _peopleOrder = new("--people-order") { Description = "random: each visit picks a random person; cycle: visit n goes to person n mod P (touches every person)", DefaultValueFactory = _ => PeopleOrder.Random };
    private readonly Option<int> _timeout = new("--timeout") { Description = "Deadline of each call in seconds", DefaultValueFactory = _ => 30 };
    private readonly Option<string?> _note = CommonOptions.Note("Free text recorded with the figures, e.g. the server's commit (ops/bench.sh sets it)");
    private readonly TlsOptionSet _tls = new();
    private readonly Option<FileInfo?> _afterSetupSql = new("--after-setup-sql") { Description = "Experiments only: run this SQL file in --baseline-connection's database after set-up, before the warm-up (e.g. ops/experiments/event-rows-only.sql); the report marks the run as an experiment, not the clearinghouse as built" };

    /// <summary>In the order --help lists them.</summary>
    public IEnumerable<Option> All =>
    [
        _target, _regions, _people, _callers, _warmup, _duration, _count, _rate, _maxInFlight, _api, _reversePercent, _itemsMax, _tiers, _catalogueItems, _plantFlags, _json,
        .. _baseline.All, _hostPid, _setupParallelism, _runId, _skipVerify, _skipSetup, _followAll, _connections, _streams, _waitForHost, _awaitSupervision, _peopleOrder,
        _timeout, _note, _afterSetupSql, .. _tls.All,
    ];

    /// <summary>The validated options, or null after adding every usage error to <paramref name="errors"/>.</summary>
    public LoadGenOptions? Bind(ParseResult parse, UsageErrors errors)
    {
        var target = CommonOptions.Targets(parse.GetValue(_target)!, errors);
        var runId = CommonOptions.RunIdOrRandom(parse.GetValue(_runId), errors);
        Validate(parse, errors);
        _baseline.Validate(parse, errors);
        if (parse.GetValue(_afterSetupSql) is { } sqlFile)
        {
            errors.Check(parse.GetValue(_baseline.Connection) is not null, "--after-setup-sql needs --baseline-connection (the database it runs in)");
            errors.Check(sqlFile.Exists, $"--after-setup-sql: no file {sqlFile.FullName}");
        }
        var tls = _tls.Bind(parse, target, errors);
        return errors.Any ? null : Build(parse, target!, runId) with { Tls = tls };
    }

    private void Validate(ParseResult parse, UsageErrors errors)
    {
        errors.Check(parse.GetValue(_regions) is >= 2 and <= 100, "--regions must be within 2..100 (visits are out-of-region)");
        errors.Check(parse.GetValue(_people) >= 1, "--people must be at least 1");
        errors.Check(parse.GetValue(_callers) >= 1, "--callers must be at least 1");
        errors.Check(parse.GetValue(_duration) is null or > 0, "--duration must be positive");
        errors.Check(parse.GetValue(_warmup) is >= 0 and <= 3600, "--warmup must be within 0..3600 seconds");
        errors.Check(parse.GetValue(_count) is null or > 0, "--count must be positive");
        errors.Check(parse.GetValue(_rate) >= 0, "--rate must be 0 (full speed) or positive");
        errors.Check(parse.GetValue(_maxInFlight) >= 1, "--max-in-flight must be at least 1");
        errors.Check(parse.GetValue(_reversePercent) is >= 0 and <= 100, "--reverse-percent must be within 0..100");
        errors.Check(parse.GetValue(_itemsMax) is >= 1 and <= 1_000, "--items-max must be within 1..1000");
        errors.Check(parse.GetValue(_setupParallelism) >= 1, "--setup-parallelism must be at least 1");
        errors.Check(parse.GetValue(_connections) is >= 1 and <= 64, "--connections must be within 1..64");
        errors.Check(parse.GetValue(_streams) is >= 1 and <= 64, "--streams must be within 1..64");
        errors.Check(parse.GetValue(_timeout) >= 1, "--timeout must be at least 1 second");
    }

    private LoadGenOptions Build(ParseResult parse, IReadOnlyList<Uri> target, string runId)
    {
        var duration = parse.GetValue(_duration);
        var count = parse.GetValue(_count);
        var callers = parse.GetValue(_callers);
        return new LoadGenOptions
        {
            Targets = target,
            Regions = parse.GetValue(_regions),
            People = parse.GetValue(_people),
            Callers = callers,
            Duration = duration is { } seconds ? TimeSpan.FromSeconds(seconds) : count is null ? TimeSpan.FromSeconds(60) : null,
            Count = count,
            Warmup = TimeSpan.FromSeconds(parse.GetValue(_warmup)),
            Rate = parse.GetValue(_rate),
            MaxInFlight = parse.GetValue(_maxInFlight),
            Api = parse.GetValue(_api),
            ReversePercent = parse.GetValue(_reversePercent),
            ItemsMax = parse.GetValue(_itemsMax),
            Tiers = parse.GetValue(_tiers),
            CatalogueItems = parse.GetValue(_catalogueItems),
            PlantFlags = parse.GetValue(_plantFlags),
            JsonFile = parse.GetValue(_json),
            BaselineConnection = parse.GetValue(_baseline.Connection),
            HostPid = parse.GetValue(_hostPid),
            SetupParallelism = parse.GetValue(_setupParallelism),
            RunId = runId,
            SkipVerify = parse.GetValue(_skipVerify),
            FollowAll = parse.GetValue(_followAll),
            SkipSetup = parse.GetValue(_skipSetup),
            Connections = parse.GetValue(_connections),
            StreamsPerConnection = parse.GetValue(_streams),
            WaitForHost = TimeSpan.FromSeconds(parse.GetValue(_waitForHost)),
            AwaitSupervision = TimeSpan.FromSeconds(parse.GetValue(_awaitSupervision)),
            PeopleOrder = parse.GetValue(_peopleOrder),
            BaselineBatch = parse.GetValue(_baseline.Batch),
            BaselineWriters = parse.GetValue(_baseline.Writers) ?? Math.Clamp(callers / 8, 1, MaxDefaultBaselineWriters),
            BaselineMode = parse.GetValue(_baseline.Mode),
            BaselineRows = parse.GetValue(_baseline.Rows),
            BaselineWarmup = TimeSpan.FromSeconds(parse.GetValue(_baseline.Warmup)),
            CallTimeout = TimeSpan.FromSeconds(parse.GetValue(_timeout)),
            Note = parse.GetValue(_note),
            AfterSetupSql = parse.GetValue(_afterSetupSql)?.FullName,
        };
    }
}
