using System.CommandLine;
using Clearinghouse.LoadGen.Baseline;

namespace Clearinghouse.LoadGen.Commands;

/// <summary>`baseline`, the raw-PostgreSQL baseline alone (<see cref="BaselineBench"/>); `settle` runs the same after its load phase.</summary>
internal static class BaselineCommand
{
    private const int DefaultWriters = SettleOptionSet.MaxDefaultBaselineWriters;
    private const long DefaultRows = 400_000;

    public static Command Create()
    {
        var baseline = new BaselineOptionSet(
            "Npgsql connection string of the PostgreSQL to measure (required): event-sized rows are appended to a scratch table there, dropped afterwards",
            $"Concurrent writers (default {DefaultWriters}, as the headline settle run)",
            $"Rows to append (default {DefaultRows:N0})");
        var reversePercent = new Option<double>("--reverse-percent") { Description = "Reversal-sized rows per 100 settlement-sized ones, as the load phase writes them", DefaultValueFactory = _ => 2 };
        var runId = CommonOptions.RunId("Names the scratch table bench_baseline_<run id> (letters and digits, 1..24; default random)");
        var json = CommonOptions.Json();
        var note = CommonOptions.Note("Free text recorded with the figures");
        var command = new Command("baseline", "The raw-PostgreSQL baseline alone: appends event-sized rows straight into a scratch table with Npgsql " +
            "from concurrent writers in batched transactions, on the same durability settings, and prints rows/s (the load run measures the same after its load phase).");
        CommonOptions.AddAll(command, [.. baseline.All, reversePercent, runId, json, note]);
        command.SetAction(async (parse, _) =>
        {
            var errors = new UsageErrors("loadgen baseline");
            var id = CommonOptions.RunIdOrRandom(parse.GetValue(runId), errors);
            baseline.Validate(parse, errors);
            var connection = parse.GetValue(baseline.Connection);
            errors.Check(connection is not null, "--baseline-connection is required");
            errors.Check(parse.GetValue(reversePercent) is >= 0 and <= 100, "--reverse-percent must be within 0..100");
            if (errors.Any)
            {
                return errors.Report();
            }
            return await BaselineBench.RunAsync(new BaselineOptions(
                connection!, id, parse.GetValue(baseline.Writers) ?? DefaultWriters, parse.GetValue(baseline.Batch), parse.GetValue(baseline.Mode),
                TimeSpan.FromSeconds(parse.GetValue(baseline.Warmup)), parse.GetValue(baseline.Rows) ?? DefaultRows, parse.GetValue(reversePercent),
                parse.GetValue(json), parse.GetValue(note)));
        });
        return command;
    }
}
