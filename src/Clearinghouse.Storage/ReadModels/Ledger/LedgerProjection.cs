using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Storage.EventLog;

namespace Clearinghouse.Storage.ReadModels.Ledger;

/// <summary>
/// Projects settlement and reversal events into the ledger tables, in the transaction that
/// appends them: an acknowledged settlement is always in the ledger. One multi-row
/// insert per table for a whole group-commit batch (columns as arrays, unnest), not one per event.
/// </summary>
internal static class LedgerProjection
{
    // Built once from the column lists: the same text as a literal, and each array below is in this order.
    private static readonly string InsertSettlements =
        $"insert into {LedgerSchema.Settlements} ({LedgerColumns.SettlementList}) select * from unnest({Parameters(LedgerColumns.Settlements.Count)})";

    private static readonly string InsertReversals =
        $"insert into {LedgerSchema.Reversals} ({LedgerColumns.ReversalList}) select * from unnest({Parameters(LedgerColumns.Reversals.Count)})";

    public static void Stage(SqlBatch batch, IEnumerable<IStampedEvent> events)
    {
        var settlements = new List<SettlementAccepted>();
        var reversals = new List<SettlementReversed>();
        foreach (var e in events)
        {
            if (e is SettlementAccepted s)
            {
                settlements.Add(s);
            }
            else if (e is SettlementReversed r)
            {
                reversals.Add(r);
            }
        }
        if (settlements.Count > 0)
        {
            StageSettlements(batch, settlements);
        }
        if (reversals.Count > 0)
        {
            StageReversals(batch, reversals);
        }
    }

    private static void StageSettlements(SqlBatch batch, List<SettlementAccepted> settlements)
    {
        batch.Add(
            InsertSettlements,
            settlements.Select(s => s.SettlementId).ToArray(),
            settlements.Select(s => s.Request.RequestId).ToArray(),
            settlements.Select(s => s.Period).ToArray(),
            settlements.Select(s => s.PersonId).ToArray(),
            settlements.Select(s => s.InsuredRegionCode).ToArray(),
            settlements.Select(s => s.CareRegionCode).ToArray(),
            settlements.Select(s => s.HospitalCode).ToArray(),
            settlements.Select(s => (short)s.VisitType).ToArray(),
            settlements.Select(s => s.ServiceDate).ToArray(),
            settlements.Select(s => s.Request.AcceptedAt.ToUniversalTime()).ToArray(),
            settlements.Select(s => ChinaTime.BusinessDate(s.Request.AcceptedAt)).ToArray(),
            settlements.Select(s => s.RegisteredForCareRegion).ToArray(),
            settlements.Select(s => s.PolicyVersion).ToArray(),
            settlements.Select(s => s.Breakdown.TotalFen).ToArray(),
            settlements.Select(s => s.Breakdown.SelfPayCFen).ToArray(),
            settlements.Select(s => s.Breakdown.CopayBFen).ToArray(),
            settlements.Select(s => s.Breakdown.EligibleFen).ToArray(),
            settlements.Select(s => s.Breakdown.DeductibleFen).ToArray(),
            settlements.Select(s => s.Breakdown.RatioBp).ToArray(),
            settlements.Select(s => s.Breakdown.FundPayFen).ToArray(),
            settlements.Select(s => s.Breakdown.AccountPayFen).ToArray(),
            settlements.Select(s => s.Breakdown.CashPayFen).ToArray(),
            settlements.Select(s => s.Breakdown.QualifyingSelfBurdenFen).ToArray(),
            settlements.Select(s => s.Breakdown.SeriousIllnessPayFen).ToArray(),
            settlements.Select(s => s.Breakdown.AssistancePayFen).ToArray(),
            settlements.Select(s => s.Breakdown.OverLimitSelfPayFen).ToArray(),
            settlements.Select(s => s.CatalogueVersion).ToArray());
    }

    private static void StageReversals(SqlBatch batch, List<SettlementReversed> reversals)
    {
        batch.Add(
            InsertReversals,
            reversals.Select(r => r.ReversalId).ToArray(),
            reversals.Select(r => r.SettlementId).ToArray(),
            reversals.Select(r => r.Request.RequestId).ToArray(),
            reversals.Select(r => r.Period).ToArray(),
            reversals.Select(r => r.PersonId).ToArray(),
            reversals.Select(r => r.InsuredRegionCode).ToArray(),
            reversals.Select(r => r.CareRegionCode).ToArray(),
            reversals.Select(r => r.Request.AcceptedAt.ToUniversalTime()).ToArray(),
            reversals.Select(r => ChinaTime.BusinessDate(r.Request.AcceptedAt)).ToArray(),
            reversals.Select(r => r.FundPayFen).ToArray(),
            reversals.Select(r => r.AccountPayFen).ToArray(),
            reversals.Select(r => r.SeriousIllnessPayFen).ToArray(),
            reversals.Select(r => r.AssistancePayFen).ToArray());
    }

    private static string Parameters(int count) => string.Join(", ", Enumerable.Repeat("?", count));
}
