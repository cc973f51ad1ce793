namespace Clearinghouse.LoadGen.Baseline;

/// <summary>How the baseline's writers append their rows (--baseline-mode).</summary>
public enum BaselineMode
{
    /// <summary>An NpgsqlBatch of single-row INSERTs per transaction, each event a jsonb parameter.</summary>
    Batch,
    /// <summary>One multi-row INSERT … SELECT FROM unnest(arrays) per transaction.</summary>
    Unnest,
}
