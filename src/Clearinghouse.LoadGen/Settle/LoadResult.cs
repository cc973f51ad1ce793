using System.Text.Json.Serialization;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>What the generator was told for one accepted settlement; <see cref="FundPay"/> is every fund tier together (<see cref="AnswerChecks.Funds"/>).</summary>
public readonly record struct AcceptedSettlement(
    string SettlementId, string RequestId, int CareRegion, int InsuredRegion, string Period,
    long FundPay, long AccountPay, long CashPay, long Total);

/// <summary>What the generator was told for one accepted reversal.</summary>
public readonly record struct AcceptedReversal(string ReversalId, string SettlementId, int CareRegion, string Period, long FundPay, long AccountPay);

/// <summary>
/// The load phase's outcome: its figures, written to the report's "load" object in this order (snake_case,
/// nulls left out, the field names existing JSON artifacts compare by), and what the verification needs to
/// check the ledger (the accepted settlements and reversals, the unknown outcomes), which stays out of the JSON
/// (not `required`: System.Text.Json refuses a required property it ignores).
/// </summary>
public sealed record LoadResult
{
    public required double Seconds { get; init; }
    public required string Mode { get; init; }
    public required double OfferedRate { get; init; }
    public required long Sent { get; init; }
    public required long Accepted { get; init; }
    public double AcceptedPerSecond => Seconds > 0 ? Accepted / Seconds : 0;
    public required long Reversals { get; init; }
    public double ReversalsPerSecond => Seconds > 0 ? Reversals / Seconds : 0;
    /// <summary>Event rows the load phase wrote: one per settlement and one per reversal.</summary>
    public long EventRows => Accepted + Reversals;
    public double EventRowsPerSecond => Seconds > 0 ? EventRows / Seconds : 0;
    public required SortedDictionary<string, long> SettleErrors { get; init; }
    public required SortedDictionary<string, long> ReverseErrors { get; init; }
    public required SortedDictionary<string, long> Retries { get; init; }
    public required SortedDictionary<string, string> ErrorSamples { get; init; }
    public required LatencySummary SettleLatency { get; init; }
    public required LatencySummary ReverseLatency { get; init; }
    public required double MaxSendLagMs { get; init; }
    public required double? HostCpuSeconds { get; init; }
    public required double LoadGenCpuSeconds { get; init; }
    public required GcFigures LoadGenGc { get; init; }
    /// <summary>CPU of the benchmark's PostgreSQL (postmaster and its children), when known.</summary>
    public required double? PostgresCpuSeconds { get; init; }
    /// <summary>Busy CPU seconds of the whole machine (all cores) during the load phase.</summary>
    public required double? MachineCpuSeconds { get; init; }
    public required double? MachineCpuBusy { get; init; }

    [JsonIgnore]
    public List<AcceptedSettlement> AcceptedSettlements { get; init; } = [];
    [JsonIgnore]
    public List<AcceptedReversal> AcceptedReversals { get; init; } = [];
    [JsonIgnore]
    public List<string> UnknownSettleRequestIds { get; init; } = [];
    [JsonIgnore]
    public List<string> UnknownReversalSettlementIds { get; init; } = [];
    [JsonIgnore]
    public List<string> AnswerProblems { get; init; } = [];
}
