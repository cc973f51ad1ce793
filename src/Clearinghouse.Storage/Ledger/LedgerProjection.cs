using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;

namespace Clearinghouse.Storage.Ledger;

/// <summary>
/// Projects settlement and reversal events into the ledger tables, in the transaction that
/// appends them: an acknowledged settlement is always in the ledger. One multi-row
/// insert per table for a whole group-commit batch (columns as arrays, unnest), not one per event.
/// </summary>
internal static class LedgerProjection
{
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
            $"insert into {LedgerSchema.Settlements} (id, request_id, period, person_id, insured_region_code, care_region_code, " +
            "hospital_code, visit_type, service_date, accepted_at, business_date, registered, policy_version, total_fen, " +
            "self_pay_c_fen, copay_b_fen, eligible_fen, deductible_fen, ratio_bp, fund_pay_fen, account_pay_fen, cash_pay_fen) " +
            "select * from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            Column(settlements, s => s.SettlementId),
            Column(settlements, s => s.Request.RequestId),
            Column(settlements, s => s.Period),
            Column(settlements, s => s.PersonId),
            Column(settlements, s => s.InsuredRegionCode),
            Column(settlements, s => s.CareRegionCode),
            Column(settlements, s => s.HospitalCode),
            Column(settlements, s => (short)s.VisitType),
            Column(settlements, s => s.ServiceDate),
            Column(settlements, s => s.Request.AcceptedAt.ToUniversalTime()),
            Column(settlements, s => ChinaTime.BusinessDate(s.Request.AcceptedAt)),
            Column(settlements, s => s.RegisteredForCareRegion),
            Column(settlements, s => s.PolicyVersion),
            Column(settlements, s => s.Breakdown.TotalFen),
            Column(settlements, s => s.Breakdown.SelfPayCFen),
            Column(settlements, s => s.Breakdown.CopayBFen),
            Column(settlements, s => s.Breakdown.EligibleFen),
            Column(settlements, s => s.Breakdown.DeductibleFen),
            Column(settlements, s => s.Breakdown.RatioBp),
            Column(settlements, s => s.Breakdown.FundPayFen),
            Column(settlements, s => s.Breakdown.AccountPayFen),
            Column(settlements, s => s.Breakdown.CashPayFen));
    }

    private static void StageReversals(SqlBatch batch, List<SettlementReversed> reversals)
    {
        batch.Add(
            $"insert into {LedgerSchema.Reversals} (id, settlement_id, request_id, period, person_id, insured_region_code, " +
            "care_region_code, accepted_at, business_date, fund_pay_fen, account_pay_fen) " +
            "select * from unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            Column(reversals, r => r.ReversalId),
            Column(reversals, r => r.SettlementId),
            Column(reversals, r => r.Request.RequestId),
            Column(reversals, r => r.Period),
            Column(reversals, r => r.PersonId),
            Column(reversals, r => r.InsuredRegionCode),
            Column(reversals, r => r.CareRegionCode),
            Column(reversals, r => r.Request.AcceptedAt.ToUniversalTime()),
            Column(reversals, r => ChinaTime.BusinessDate(r.Request.AcceptedAt)),
            Column(reversals, r => r.FundPayFen),
            Column(reversals, r => r.AccountPayFen));
    }

    /// <summary>One column of a multi-row insert: a typed array, which Npgsql sends as a PostgreSQL array.</summary>
    internal static TValue[] Column<TRow, TValue>(List<TRow> rows, Func<TRow, TValue> value)
    {
        var column = new TValue[rows.Count];
        for (var i = 0; i < column.Length; i++)
        {
            column[i] = value(rows[i]);
        }
        return column;
    }
}
