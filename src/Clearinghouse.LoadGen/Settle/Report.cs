using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clearinghouse.LoadGen.Baseline;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>The figures of one run: printed on stdout (<see cref="ReportText"/>), and the same figures as JSON with --json.</summary>
public sealed record Report
{
    /// <summary>What ran, for the text's heading ("load run", "baseline run"); not part of the JSON.</summary>
    [JsonIgnore]
    public string Kind { get; init; } = "load run";

    public required string RunId { get; init; }
    public string? Note { get; init; }
    /// <summary>Whether the policies carried the serious-illness and assistance tiers (--tiers).</summary>
    public bool Tiers { get; init; }
    /// <summary>Items of each region's catalogue (--catalogue-items); 0: no catalogue.</summary>
    public int CatalogueItems { get; init; }
    /// <summary>People visited in turn (--people-order cycle): how many; 0 when each visit picks a person at random.</summary>
    public int PeopleInTurn { get; init; }
    /// <summary>The SQL file an experiment ran in the database after set-up; null for the clearinghouse as built.</summary>
    public string? Experiment { get; init; }
    public required string RequestPrefix { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required MachineInfo Machine { get; init; }
    public required object Options { get; init; }
    public SetupResult? Setup { get; init; }
    public LoadResult? Load { get; init; }
    public HostFigures? Host { get; init; }
    /// <summary>What the load phase did in PostgreSQL (pg_stat_database and WAL deltas).</summary>
    public PgCounters? Database { get; init; }
    public BaselineFigures? Baseline { get; init; }
    public VerificationFigures? Verification { get; init; }
    /// <summary>Fund supervision's flags behind their settlements (<see cref="FlagLagFigures"/>); null when none were raised.</summary>
    public FlagLagFigures? FlagLag { get; init; }
    public required bool Interrupted { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToText() => ReportText.Render(this);

    /// <summary>Prints the text on stdout and, when <paramref name="jsonFile"/> is given, writes the JSON there.</summary>
    public async Task PublishAsync(string? jsonFile)
    {
        Console.Out.Write(ToText());
        if (jsonFile is { } file)
        {
            var full = Path.GetFullPath(file);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, ToJson());
            Console.Error.WriteLine($"loadgen: figures written to {full}");
        }
    }
}

/// <summary>The host's peak (VmHWM) and current (VmRSS) memory right after the load phase, and at the very end.</summary>
public sealed record HostFigures(int Pid, long? PeakRssMib, long? RssMib, long? PeakRssMibAtEnd, long? RssMibAtEnd)
{
    /// <summary>The host's memory now, beside what it was right after the load phase.</summary>
    public static HostFigures Read(int pid, (long PeakKiB, long RssKiB)? afterLoad)
    {
        var end = HostProbe.Memory(pid);
        return new HostFigures(pid, afterLoad?.PeakKiB / 1024, afterLoad?.RssKiB / 1024, end?.PeakKiB / 1024, end?.RssKiB / 1024);
    }
}

/// <summary>The baseline's figures and, in a load run, its ratio to the load phase (null when the baseline ran alone).</summary>
public sealed record BaselineFigures(
    long Rows, double Seconds, double RowsPerSecond, double AverageEventBytes, bool SyntheticPayload, int Writers, int BatchRows, string Mode,
    string SynchronousCommit, string Fsync, double? PostgresCpuSeconds, double WarmupSeconds, double AutovacuumWaitSeconds,
    double? LoadEventRowsPerSecond, double? Ratio)
{
    public static BaselineFigures From(BaselineResult b, LoadResult? load) => new(
        b.Rows, b.Seconds, b.RowsPerSecond, b.AverageEventBytes, b.SyntheticPayload,
        b.Writers, b.BatchRows, b.Mode, b.SynchronousCommit, b.Fsync, b.PostgresCpuSeconds,
        b.WarmupSeconds, b.AutovacuumWaitSeconds, load?.EventRowsPerSecond,
        load is null ? null : b.RowsPerSecond > 0 ? load.EventRowsPerSecond / b.RowsPerSecond : 0);
}

public sealed record VerificationFigures(
    bool Ok, double Seconds, List<string> Periods, long Pages, int LedgerSettlements, int GeneratorSettlements, int GeneratorReversals,
    int UnknownOutcomes, int UnknownOutcomesFoundInLedger, List<RegionSum> Sums, List<string> Problems)
{
    public static VerificationFigures From(VerificationResult v) => new(
        v.Ok, v.Seconds, v.Periods, v.Pages, v.LedgerSettlements, v.GeneratorSettlements, v.GeneratorReversals,
        v.UnknownOutcomes, v.UnknownOutcomesFoundInLedger, v.Sums, v.Problems);
}
