using System.Collections.Immutable;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Reconciliation;

namespace Clearinghouse.Grains.Abstractions;

/// <summary>
/// One care region's reconciliation of one business day (key: <see cref="ReconciliationKeys.Grain"/>).
/// The only writer of that day's stream: it serialises the day's reports and resolutions, so a
/// resolution and a re-submission never cross.
/// </summary>
public interface IReconciliationDayGrain : IGrainWithStringKey
{
    /// <summary>Records a compared report; a retry (same request id and fingerprint) gets the first answer.</summary>
    /// <remarks>A day whose report is mostly wrong records one event with every discrepancy (200,000 for an
    /// empty report of a large day), which takes seconds to commit: more than the default 30 s must not
    /// turn a slow commit into a failed call whose outcome the caller cannot know.</remarks>
    [ResponseTimeout("00:05:00")]
    Task<ReconciliationReport> Record(RecordDailyReport command);

    /// <summary>Resolves an open discrepancy of the day.</summary>
    Task<DiscrepancyView> Resolve(ResolveDiscrepancy command);
}

/// <summary>A daily report after the store compared it with the ledger: its figures and what it found.</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.record_daily_report.v1")]
public sealed record RecordDailyReport(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string Fingerprint,
    [property: Id(2)] long MatchedCount,
    [property: Id(3)] long RegionEntryCount,
    [property: Id(4)] long ClearinghouseEntryCount,
    [property: Id(5)] ImmutableArray<FoundDiscrepancy> Found);

[GenerateSerializer, Immutable, Alias("clearinghouse.resolve_discrepancy.v1")]
public sealed record ResolveDiscrepancy(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string Fingerprint,
    [property: Id(2)] string DiscrepancyId,
    [property: Id(3)] DiscrepancyResolution Resolution,
    [property: Id(4)] string Note,
    [property: Id(5)] string Officer);

public static class ReconciliationKeys
{
    /// <summary>"{care region}:{YYYY-MM-DD}".</summary>
    public static string Grain(string careRegionCode, DateOnly businessDate) => careRegionCode + ":" + CivilDate.Format(businessDate);

    public static string Stream(string careRegionCode, DateOnly businessDate) => "reconciliation:" + Grain(careRegionCode, businessDate);

    public static (string CareRegionCode, DateOnly BusinessDate) Parse(string grainKey)
    {
        var separator = grainKey.IndexOf(':', StringComparison.Ordinal);
        Invariant.Require(separator > 0, "a reconciliation day's key is region:date");
        Invariant.Require(CivilDate.TryParseDate(grainKey[(separator + 1)..], out var date), "a reconciliation day's key ends in a date");
        return (grainKey[..separator], date);
    }
}
