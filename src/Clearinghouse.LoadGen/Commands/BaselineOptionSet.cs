using System.CommandLine;
using Clearinghouse.LoadGen.Baseline;
using Npgsql;

namespace Clearinghouse.LoadGen.Commands;

/// <summary>
/// The raw-PostgreSQL baseline's options, shared by `settle` (which runs the baseline after its load phase) and
/// `baseline` (which runs it alone); the descriptions say what differs between the two.
/// </summary>
internal sealed class BaselineOptionSet(string connectionDescription, string writersDescription, string rowsDescription)
{
    public Option<string?> Connection { get; } = new("--baseline-connection") { Description = connectionDescription };

    public Option<int?> Writers { get; } = new("--baseline-writers") { Description = writersDescription };

    public Option<int> Batch { get; } = new("--baseline-batch") { Description = "Rows per baseline transaction", DefaultValueFactory = _ => 100 };

    public Option<BaselineMode> Mode { get; } = new("--baseline-mode")
    {
        Description = "batch: an NpgsqlBatch of single-row INSERTs per transaction (each event a jsonb parameter, as Marten sends them); unnest: one multi-row INSERT from arrays",
        DefaultValueFactory = _ => BaselineMode.Batch,
    };

    public Option<double> Warmup { get; } = new("--baseline-warmup")
    {
        Description = "Seconds the baseline writers append before its clock starts (rows not counted), as the load phase has its --warmup",
        DefaultValueFactory = _ => 10,
    };

    public Option<long?> Rows { get; } = new("--baseline-rows") { Description = rowsDescription };

    /// <summary>In the order --help lists them.</summary>
    public IEnumerable<Option> All => [Connection, Writers, Batch, Mode, Warmup, Rows];

    public void Validate(ParseResult parse, UsageErrors errors)
    {
        errors.Check(parse.GetValue(Batch) is >= 1 and <= 10_000, "--baseline-batch must be within 1..10000");
        errors.Check(parse.GetValue(Writers) is null or >= 1, "--baseline-writers must be at least 1");
        errors.Check(parse.GetValue(Rows) is null or > 0, "--baseline-rows must be positive");
        errors.Check(parse.GetValue(Warmup) is >= 0 and <= 600, "--baseline-warmup must be within 0..600 seconds");
        if (parse.GetValue(Connection) is { } connection)
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(connection);
            }
            catch (ArgumentException e)
            {
                errors.Add($"--baseline-connection is not a valid connection string: {e.Message}");
            }
        }
    }
}
