namespace Clearinghouse.LoadGen.Baseline;

public sealed record BaselineResult(
    long Rows, double Seconds, double RowsPerSecond, double AverageEventBytes, bool SyntheticPayload, int Writers, int BatchRows, string Mode,
    string Table, string SynchronousCommit, string Fsync, double? PostgresCpuSeconds, double WarmupSeconds, double AutovacuumWaitSeconds);
