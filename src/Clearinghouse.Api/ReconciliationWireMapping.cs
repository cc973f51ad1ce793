using Clearinghouse.Domain;
using Clearinghouse.Domain.Reconciliation;
using Clearinghouse.Grains.Storage;
using static Clearinghouse.Domain.RejectedException;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>Reconciliation's wire enums and messages ↔ domain. Zero (UNSPECIFIED) and unknown values are refused.</summary>
public static class ReconciliationWireMapping
{
    public static EntryKind ToDomain(V1.ReportEntryKind value, FieldName field) => value switch
    {
        V1.ReportEntryKind.Settlement => EntryKind.Settlement,
        V1.ReportEntryKind.Reversal => EntryKind.Reversal,
        _ => throw InvalidArgument($"{field} must be REPORT_ENTRY_KIND_SETTLEMENT or REPORT_ENTRY_KIND_REVERSAL, got {value}"),
    };

    public static DiscrepancyStatus ToDomain(V1.DiscrepancyStatus value, FieldName field) => value switch
    {
        V1.DiscrepancyStatus.Open => DiscrepancyStatus.Open,
        V1.DiscrepancyStatus.Resolved => DiscrepancyStatus.Resolved,
        V1.DiscrepancyStatus.Superseded => DiscrepancyStatus.Superseded,
        _ => throw InvalidArgument($"{field} must be DISCREPANCY_STATUS_OPEN, _RESOLVED or _SUPERSEDED, got {value}"),
    };

    public static DiscrepancyResolution ToDomain(V1.DiscrepancyResolution value, FieldName field) => value switch
    {
        V1.DiscrepancyResolution.AcceptClearinghouse => DiscrepancyResolution.AcceptClearinghouse,
        V1.DiscrepancyResolution.Reversed => DiscrepancyResolution.Reversed,
        V1.DiscrepancyResolution.WrittenOff => DiscrepancyResolution.WrittenOff,
        _ => throw InvalidArgument(
            $"{field} must be DISCREPANCY_RESOLUTION_ACCEPT_CLEARINGHOUSE, _REVERSED or _WRITTEN_OFF, got {value}"),
    };

    public static V1.ReconciliationResult ToWire(ReconciliationReport report)
    {
        var wire = new V1.ReconciliationResult
        {
            ReconciliationId = report.ReconciliationId,
            CareRegionCode = report.CareRegionCode,
            BusinessDate = CivilDate.Format(report.BusinessDate),
            MatchedCount = report.MatchedCount,
            RegionEntryCount = report.RegionEntryCount,
            ClearinghouseEntryCount = report.ClearinghouseEntryCount,
        };
        wire.Discrepancies.AddRange(report.Discrepancies.Select(ToWire));
        return wire;
    }

    public static V1.Discrepancy ToWire(DiscrepancyView view) => new()
    {
        DiscrepancyId = view.DiscrepancyId,
        Kind = ToWire(view.Found.Kind),
        RequestId = view.Found.RequestId,
        EntryKind = view.Found.EntryKind == EntryKind.Reversal ? V1.ReportEntryKind.Reversal : V1.ReportEntryKind.Settlement,
        RegionFundPayFen = view.Found.Region?.FundPayFen ?? 0,
        RegionAccountPayFen = view.Found.Region?.AccountPayFen ?? 0,
        ClearinghouseFundPayFen = view.Found.Clearinghouse?.FundPayFen ?? 0,
        ClearinghouseAccountPayFen = view.Found.Clearinghouse?.AccountPayFen ?? 0,
        Status = view.Status switch
        {
            DiscrepancyStatus.Open => V1.DiscrepancyStatus.Open,
            DiscrepancyStatus.Resolved => V1.DiscrepancyStatus.Resolved,
            _ => V1.DiscrepancyStatus.Superseded,
        },
        CareRegionCode = view.CareRegionCode,
        BusinessDate = CivilDate.Format(view.BusinessDate),
        ReconciliationId = view.ReconciliationId,
        Resolution = view.Resolution switch
        {
            DiscrepancyResolution.AcceptClearinghouse => V1.DiscrepancyResolution.AcceptClearinghouse,
            DiscrepancyResolution.Reversed => V1.DiscrepancyResolution.Reversed,
            DiscrepancyResolution.WrittenOff => V1.DiscrepancyResolution.WrittenOff,
            _ => V1.DiscrepancyResolution.Unspecified,
        },
        Note = view.Note,
        Officer = view.Officer,
        ResolvedAt = view.ResolvedAt is { } at ? Instant(at) : "",
    };

    public static V1.DiscrepancyKind ToWire(DiscrepancyKind kind) => kind switch
    {
        DiscrepancyKind.MissingInClearinghouse => V1.DiscrepancyKind.MissingInClearinghouse,
        DiscrepancyKind.MissingInRegion => V1.DiscrepancyKind.MissingInRegion,
        DiscrepancyKind.AmountMismatch => V1.DiscrepancyKind.AmountMismatch,
        DiscrepancyKind.DuplicateInReport => V1.DiscrepancyKind.DuplicateInReport,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static V1.ReconciliationDay ToWire(DateOnly date, ReconciledDay? day) => day is null
        ? new V1.ReconciliationDay { BusinessDate = CivilDate.Format(date) }
        : new V1.ReconciliationDay
        {
            BusinessDate = CivilDate.Format(date),
            Reconciled = true,
            ReconciliationId = day.ReconciliationId,
            MatchedCount = day.MatchedCount,
            RegionEntryCount = day.RegionEntryCount,
            ClearinghouseEntryCount = day.ClearinghouseEntryCount,
            ReconciledAt = Instant(day.ReconciledAt),
            OpenDiscrepancyCount = day.OpenDiscrepancyCount,
        };

    private static string Instant(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
