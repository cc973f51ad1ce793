using Clearinghouse.LoadGen.Baseline;

namespace Clearinghouse.LoadGen.Settle;

public enum PeopleOrder
{
    /// <summary>Each settlement picks a person uniformly at random.</summary>
    Random,
    /// <summary>Settlement n goes to person n mod P: every person is touched once before any twice.</summary>
    Cycle,
}

/// <summary>How the load phase sends settlements (--api); reversals are unary Reverse calls either way.</summary>
public enum SettleApi
{
    /// <summary>One unary Settle call per settlement.</summary>
    Unary,
    /// <summary>Settlements multiplexed over long-lived SettleStream calls, --streams per connection (SettleStreams).</summary>
    Stream,
}

/// <summary>Everything the command line says, validated.</summary>
public sealed record LoadGenOptions
{
    public required IReadOnlyList<Uri> Targets { get; init; }

    /// <summary>The CA and client certificates for an https:// target (--ca, and --cert and --key or --identity-dir).</summary>
    public Commands.ClientIdentities? Tls { get; init; }
    public required int Regions { get; init; }
    public required int People { get; init; }
    public required int Callers { get; init; }
    /// <summary>Load-phase length; null when only a count bounds it.</summary>
    public required TimeSpan? Duration { get; init; }
    /// <summary>Unmeasured load sent before the measured phase.</summary>
    public TimeSpan Warmup { get; init; }
    /// <summary>Most Settle calls to send; null when only the duration bounds it.</summary>
    public required long? Count { get; init; }
    /// <summary>Offered settlements per second; 0 = full speed (closed loop).</summary>
    public required double Rate { get; init; }
    public required int MaxInFlight { get; init; }
    public required SettleApi Api { get; init; }
    public required double ReversePercent { get; init; }
    public required int ItemsMax { get; init; }
    /// <summary>Policies with the serious-illness and assistance tiers, and people with an assistance status (--tiers).</summary>
    public bool Tiers { get; init; }
    /// <summary>Items of the catalogue every region publishes before the load (--catalogue-items); 0: none.</summary>
    public int CatalogueItems { get; init; }
    /// <summary>About 0.5% of the visits are sent again under a new request id, for fund supervision to flag (--plant-flags).</summary>
    public bool PlantFlags { get; init; }
    public required string? JsonFile { get; init; }
    public required string? BaselineConnection { get; init; }
    public required int? HostPid { get; init; }
    public required int SetupParallelism { get; init; }
    public required string RunId { get; init; }
    public required bool SkipVerify { get; init; }
    public required bool SkipSetup { get; init; }
    /// <summary>A subscription to $all over the EventStoreDB protocol follows the measured load (--follow-all).</summary>
    public bool FollowAll { get; init; }
    public required int Connections { get; init; }
    /// <summary>With --api stream, SettleStream calls open at once on each connection.</summary>
    public required int StreamsPerConnection { get; init; }
    public required TimeSpan WaitForHost { get; init; }

    /// <summary>How long, before the warm-up, to wait for fund supervision to handle the database's earlier settlements (zero: not at all).</summary>
    public TimeSpan AwaitSupervision { get; init; }
    public required PeopleOrder PeopleOrder { get; init; }
    public required int BaselineBatch { get; init; }
    public required int BaselineWriters { get; init; }
    public required BaselineMode BaselineMode { get; init; }
    /// <summary>Rows for the baseline instead of the load phase's event rows (for measuring the baseline alone).</summary>
    public required long? BaselineRows { get; init; }
    /// <summary>How long the baseline writers append, uncounted, before its clock starts.</summary>
    public required TimeSpan BaselineWarmup { get; init; }
    public required TimeSpan CallTimeout { get; init; }
    /// <summary>Free text recorded with the figures (ops/bench.sh puts the server's git commit here).</summary>
    public required string? Note { get; init; }
    /// <summary>SQL run in the database after set-up (--after-setup-sql, experiments only); null for a normal run.</summary>
    public string? AfterSetupSql { get; init; }

    /// <summary>The options as the report's "options" object records them (snake_case field names, compared across runs).</summary>
    public object Figures() => new
    {
        target = string.Join(",", Targets), regions = Regions, people = People, callers = Callers,
        warmup_seconds = Warmup.TotalSeconds, duration_seconds = Duration?.TotalSeconds, count = Count, rate = Rate, max_in_flight = MaxInFlight,
        api = Api.ToString().ToLowerInvariant(),
        reverse_percent = ReversePercent, items_max = ItemsMax, tiers = Tiers, catalogue_items = CatalogueItems, plant_flags = PlantFlags, connections = Connections, streams_per_connection = StreamsPerConnection,
        people_order = PeopleOrder.ToString().ToLowerInvariant(), setup_parallelism = SetupParallelism,
        skip_setup = SkipSetup, follow_all = FollowAll, baseline_writers = BaselineWriters, baseline_batch = BaselineBatch,
        baseline_mode = BaselineMode.ToString().ToLowerInvariant(), baseline_rows = BaselineRows,
    };
}
