using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Supervision;
using Clearinghouse.Storage.EventLog;

namespace Clearinghouse.Storage.ReadModels.Supervision;

/// <summary>Projects flag events into <see cref="FlagSchema"/>'s table in the transaction that appends them.</summary>
internal static class FlagProjection
{
    public static void Stage(SqlBatch batch, IStampedEvent e)
    {
        switch (e)
        {
            case SettlementFlagged f:
                batch.Add(
                    $"insert into {FlagSchema.Flags} (flag_id, finding_key, rule_id, severity, insured_region_code, care_region_code, " +
                    "care_region_codes, hospital_code, person_id, period, settlement_ids, flagged_at, status, reversal_requested) " +
                    "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false)",
                    f.FlagId, f.FindingKey, f.RuleId, (short)f.Severity, f.InsuredRegionCode, f.CareRegionCode,
                    f.CareRegionCodes.IsDefault ? new[] { f.CareRegionCode } : f.CareRegionCodes.ToArray(), f.HospitalCode, f.PersonId, f.Period,
                    f.SettlementIds.ToArray(), f.Request.AcceptedAt.ToUniversalTime(), (short)FlagStatus.Open);
                break;
            case FlagResolved r:
                batch.Add(
                    $"update {FlagSchema.Flags} set status = ?, reversal_requested = ? where flag_id = ?",
                    (short)(r.Resolution == FlagResolution.Confirmed ? FlagStatus.Confirmed : FlagStatus.FalsePositive), r.ReversalRequested, r.FlagId);
                break;
        }
    }
}
