using System.Globalization;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Supervision;
using Clearinghouse.Grains.Storage;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>Flags between their domain shapes and the wire (supervision.proto).</summary>
internal static class FlagWireMapping
{
    public static V1.Flag ToWire(FlagView view)
    {
        var f = view.Flagged;
        var wire = new V1.Flag
        {
            FlagId = f.FlagId,
            RuleId = f.RuleId,
            Severity = (V1.FlagSeverity)(int)f.Severity,
            FindingKey = f.FindingKey,
            InsuredRegionCode = f.InsuredRegionCode,
            CareRegionCode = f.CareRegionCode,
            HospitalCode = f.HospitalCode,
            PersonId = f.PersonId,
            Period = f.Period,
            TriggerPosition = f.TriggerPosition,
            FlaggedAt = Instant(f.Request.AcceptedAt),
            Status = ToWire(view.Status),
        };
        wire.CareRegionCodes.AddRange(f.CareRegionCodes.IsDefault ? [f.CareRegionCode] : f.CareRegionCodes);
        wire.SettlementIds.AddRange(f.SettlementIds);
        wire.LineCodes.AddRange(f.LineCodes);
        wire.Evidence.AddRange(f.Evidence.Select(ToWire));
        if (view.Resolution is { } r)
        {
            wire.Note = r.Note;
            wire.Officer = r.Officer;
            wire.ResolvedAt = Instant(r.Request.AcceptedAt);
            wire.ReversalRequested = r.ReversalRequested;
        }
        return wire;
    }

    public static V1.Flag ToWire(FlagRow row)
    {
        var wire = new V1.Flag
        {
            FlagId = row.FlagId,
            RuleId = row.RuleId,
            Severity = (V1.FlagSeverity)(int)row.Severity,
            FindingKey = row.FindingKey,
            InsuredRegionCode = row.InsuredRegionCode,
            CareRegionCode = row.CareRegionCode,
            HospitalCode = row.HospitalCode,
            PersonId = row.PersonId,
            Period = row.Period,
            FlaggedAt = Instant(row.FlaggedAt),
            Status = ToWire(row.Status),
            ReversalRequested = row.ReversalRequested,
        };
        wire.CareRegionCodes.AddRange(row.CareRegionCodes.IsDefaultOrEmpty ? [row.CareRegionCode] : row.CareRegionCodes);
        wire.SettlementIds.AddRange(row.SettlementIds);
        return wire;
    }

    /// <summary>A finding the rules would raise (ReplayRules): the flag it is or would be, not resolved.</summary>
    public static V1.Flag ToWire(Finding finding, FlagParties parties, string period)
    {
        var wire = new V1.Flag
        {
            FlagId = FlagIds.Of(finding.Key),
            RuleId = finding.RuleId,
            Severity = (V1.FlagSeverity)(int)finding.Severity,
            FindingKey = finding.Key,
            InsuredRegionCode = parties.InsuredRegionCode,
            CareRegionCode = parties.CareRegionCode,
            HospitalCode = parties.HospitalCode,
            PersonId = parties.PersonId,
            Period = period,
            Status = V1.FlagStatus.Open,
        };
        wire.CareRegionCodes.AddRange(parties.CareRegionCodes);
        wire.SettlementIds.AddRange(finding.SettlementIds);
        wire.LineCodes.AddRange(finding.LineCodes);
        wire.Evidence.AddRange(finding.Evidence.Select(ToWire));
        return wire;
    }

    public static V1.FlagStatus ToWire(FlagStatus status) => status switch
    {
        FlagStatus.Open => V1.FlagStatus.Open,
        FlagStatus.Confirmed => V1.FlagStatus.Confirmed,
        FlagStatus.FalsePositive => V1.FlagStatus.FalsePositive,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static FlagStatus? ToDomain(V1.FlagStatus status, FieldName field) => status switch
    {
        V1.FlagStatus.Unspecified => null,
        V1.FlagStatus.Open => FlagStatus.Open,
        V1.FlagStatus.Confirmed => FlagStatus.Confirmed,
        V1.FlagStatus.FalsePositive => FlagStatus.FalsePositive,
        _ => throw RejectedException.InvalidArgument($"{field} is not a flag status"),
    };

    public static FlagResolution ToDomain(V1.FlagResolution resolution, FieldName field) => resolution switch
    {
        V1.FlagResolution.Confirmed => FlagResolution.Confirmed,
        V1.FlagResolution.FalsePositive => FlagResolution.FalsePositive,
        _ => throw RejectedException.InvalidArgument($"{field} must be FLAG_RESOLUTION_CONFIRMED or FLAG_RESOLUTION_FALSE_POSITIVE"),
    };

    public static FlagRegionRole ToDomain(V1.FlagRegionRole role, FieldName field) => role switch
    {
        V1.FlagRegionRole.Unspecified => FlagRegionRole.Either,
        V1.FlagRegionRole.Insured => FlagRegionRole.Insured,
        V1.FlagRegionRole.Care => FlagRegionRole.Care,
        _ => throw RejectedException.InvalidArgument($"{field} is not a region role"),
    };

    private static V1.Evidence ToWire(EvidenceItem item) => new()
    {
        Name = item.Name,
        Unit = item.Unit switch
        {
            EvidenceUnit.BasisPoints => "basis_points",
            _ => item.Unit.ToString().ToLowerInvariant(),
        },
        Number = item.Number,
        Date = item.Date is { } date ? CivilDate.Format(date) : "",
        Text = item.Text ?? "",
    };

    private static string Instant(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
