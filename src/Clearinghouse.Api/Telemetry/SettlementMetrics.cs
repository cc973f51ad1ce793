using System.Diagnostics.Metrics;
using Grpc.Core;

namespace Clearinghouse.Api.Telemetry;

/// <summary>
/// Settlements and reversals answered, by the gRPC status each ended with, on the meter
/// "Clearinghouse.Settlements" (docs/operations.md): OK is accepted (a retry answered from its first attempt
/// included), anything else refused. A request of a SettleStream counts once, with the status of its own
/// outcome. A call refused before it reaches the gRPC service (no client certificate) is not counted here.
/// Recording costs a flag check while no one listens; the tags are built once per status, so counting
/// allocates nothing.
/// </summary>
public sealed class SettlementMetrics
{
    public const string MeterName = "Clearinghouse.Settlements";

    /// <summary>The tag every count carries: the gRPC status name, as the gRPC specification spells it.</summary>
    public const string StatusTag = "grpc.status";

    private static readonly KeyValuePair<string, object?>[] StatusTags = Enum.GetValues<StatusCode>()
        .OrderBy(code => (int)code)
        .Select(code => new KeyValuePair<string, object?>(StatusTag, StatusName(code)))
        .ToArray();

    private readonly Counter<long> _settlements;
    private readonly Counter<long> _reversals;

    public SettlementMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _settlements = meter.CreateCounter<long>("clearinghouse.settlements", "{request}",
            "Settle requests answered, by gRPC status: OK accepted, any other refused");
        _reversals = meter.CreateCounter<long>("clearinghouse.reversals", "{request}",
            "Reverse requests answered, by gRPC status: OK accepted, any other refused");
    }

    /// <summary>Whether anyone listens to the settlement counts (a metrics exporter, dotnet-counters).</summary>
    public bool Enabled => _settlements.Enabled || _reversals.Enabled;

    public void Settled(StatusCode status) => _settlements.Add(1, Tag(status));

    public void Reversed(StatusCode status) => _reversals.Add(1, Tag(status));

    /// <summary>"FAILED_PRECONDITION" for StatusCode.FailedPrecondition: the name in the gRPC status code list.</summary>
    public static string StatusName(StatusCode status)
    {
        var name = status.ToString();
        var upper = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1]))
            {
                upper.Append('_');
            }
            upper.Append(char.ToUpperInvariant(name[i]));
        }
        return upper.ToString();
    }

    private static KeyValuePair<string, object?> Tag(StatusCode status) =>
        (uint)status < (uint)StatusTags.Length ? StatusTags[(int)status] : StatusTags[(int)StatusCode.Unknown];
}
