using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Marten;

namespace Clearinghouse.Storage.Ledger;

/// <summary>
/// Projects settlement and reversal events into the ledger tables, inside the session (and so the
/// transaction) that appends them: an acknowledged settlement is always in the ledger.
/// </summary>
internal static class LedgerProjection
{
    public static void Stage(IDocumentSession session, IStampedEvent e)
    {
        switch (e)
        {
            case SettlementAccepted s:
                var b = s.Breakdown;
                session.QueueSqlCommand(
                    $"insert into {LedgerSchema.Settlements} (id, request_id, period, person_id, insured_region_code, care_region_code, " +
                    "hospital_code, visit_type, service_date, accepted_at, business_date, registered, policy_version, total_fen, " +
                    "self_pay_c_fen, copay_b_fen, eligible_fen, deductible_fen, ratio_bp, fund_pay_fen, account_pay_fen, cash_pay_fen) " +
                    "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    s.SettlementId, s.Request.RequestId, s.Period, s.PersonId, s.InsuredRegionCode, s.CareRegionCode,
                    s.HospitalCode, (short)s.VisitType, s.ServiceDate, s.Request.AcceptedAt.ToUniversalTime(),
                    ChinaTime.BusinessDate(s.Request.AcceptedAt), s.RegisteredForCareRegion, s.PolicyVersion, b.TotalFen,
                    b.SelfPayCFen, b.CopayBFen, b.EligibleFen, b.DeductibleFen, b.RatioBp, b.FundPayFen, b.AccountPayFen, b.CashPayFen);
                break;
            case SettlementReversed r:
                session.QueueSqlCommand(
                    $"insert into {LedgerSchema.Reversals} (id, settlement_id, request_id, period, person_id, insured_region_code, " +
                    "care_region_code, accepted_at, business_date, fund_pay_fen, account_pay_fen) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    r.ReversalId, r.SettlementId, r.Request.RequestId, r.Period, r.PersonId, r.InsuredRegionCode,
                    r.CareRegionCode, r.Request.AcceptedAt.ToUniversalTime(), ChinaTime.BusinessDate(r.Request.AcceptedAt),
                    r.FundPayFen, r.AccountPayFen);
                break;
        }
    }
}
