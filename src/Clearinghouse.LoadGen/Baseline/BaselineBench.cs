using Clearinghouse.LoadGen.Settle;
using Npgsql;

namespace Clearinghouse.LoadGen.Baseline;

/// <summary>The `baseline` command line, validated.</summary>
public sealed record BaselineOptions(
    string Connection, string RunId, int Writers, int Batch, BaselineMode Mode, TimeSpan Warmup, long Rows, double ReversePercent,
    string? JsonFile, string? Note)
{
    /// <summary>Of <see cref="Rows"/>, those the size of a reversal event: --reverse-percent reversals per 100 settlements, as the load phase writes them.</summary>
    public long ReversalRows => (long)Math.Round(Rows * ReversePercent / (100 + ReversePercent));

    /// <summary>The options as the report's "options" object records them.</summary>
    public object Figures() => new
    {
        baseline_writers = Writers, baseline_batch = Batch, baseline_mode = Mode.ToString().ToLowerInvariant(), baseline_rows = Rows,
        baseline_warmup_seconds = Warmup.TotalSeconds, reverse_percent = ReversePercent,
    };
}

/// <summary>
/// The raw-PostgreSQL baseline alone (`loadgen baseline`): the same measurement the settle run makes after its
/// load phase, for a given number of rows and without a host, to follow the database path's limit by itself.
/// Payloads are copied from the database's latest events when it has any (a synthetic payload otherwise).
/// </summary>
public static class BaselineBench
{
    /// <summary>0 when the baseline ran; 2 when it failed; 130 when aborted (its scratch table is dropped either way).</summary>
    public static async Task<int> RunAsync(BaselineOptions options)
    {
        using var signals = new StopSignals();
        var startedAt = DateTimeOffset.UtcNow;
        var machine = MachineInfo.Current();
        var reversals = options.ReversalRows;
        Console.Error.WriteLine($"loadgen: baseline run {options.RunId}: {options.Rows:N0} rows ({reversals:N0} of them reversal events), " +
            $"{options.Writers} writers, {options.Batch} rows per transaction ({options.Mode.ToString().ToLowerInvariant()}); load average {machine.LoadAverageAtStart}");
        BaselineResult result;
        try
        {
            result = await new BaselineRun(options.Connection, options.RunId, options.Writers, options.Batch, options.Mode, options.Warmup, new Progress())
                .RunAsync(options.Rows - reversals, reversals, signals.Abort);
        }
        catch (OperationCanceledException) when (signals.Abort.IsCancellationRequested)
        {
            return ExitCodes.Aborted;
        }
        catch (NpgsqlException e) when (!signals.Abort.IsCancellationRequested)
        {
            Console.Error.WriteLine($"loadgen: the baseline failed: {e.Message}");
            return ExitCodes.Usage;
        }
        var report = new Report
        {
            Kind = "baseline run",
            RunId = options.RunId,
            Note = options.Note,
            RequestPrefix = "",
            StartedAt = startedAt,
            Machine = machine,
            Options = options.Figures(),
            Baseline = BaselineFigures.From(result, null),
            Interrupted = false,
        };
        await report.PublishAsync(options.JsonFile);
        return ExitCodes.Ok;
    }
}
