using Clearinghouse.V1;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>The rules every answer must keep when it arrives; a broken one is reported, and the ledger is checked again later.</summary>
public static class AnswerChecks
{
    /// <summary>
    /// What the insured region's funds paid: the basic fund, serious illness and assistance together (the last two are 0
    /// without --tiers). The generator counts them as one, as netting does.
    /// </summary>
    public static long Funds(Settlement s) => s.FundPayFen + s.SeriousIllnessPayFen + s.AssistancePayFen;

    /// <summary>What is wrong with a settlement answer for <paramref name="request"/>, or null.</summary>
    public static string? SettlementProblem(SettleRequest request, Settlement s)
    {
        var total = request.Items.Sum(i => i.AmountFen);
        if (s.RequestId != request.RequestId || s.CareRegionCode != request.CareRegionCode || s.PersonId != request.PersonId
            || s.TotalFen != total || Funds(s) + s.AccountPayFen + s.CashPayFen != s.TotalFen
            || s.FundPayFen < 0 || s.SeriousIllnessPayFen < 0 || s.AssistancePayFen < 0 || s.AccountPayFen < 0 || s.CashPayFen < 0 || (!request.UsePersonalAccount && s.AccountPayFen != 0)
            || s.Reversed || s.SettlementId.Length == 0)
        {
            return $"settlement {s.SettlementId} for request {request.RequestId}: total {s.TotalFen} (items sum {total}), " +
                $"funds {Funds(s)} + account {s.AccountPayFen} + cash {s.CashPayFen}, care {s.CareRegionCode}, person {s.PersonId}, reversed {s.Reversed}";
        }
        return null;
    }

    /// <summary>What is wrong with the answer to reversing <paramref name="settlement"/>, or null.</summary>
    public static string? ReversalProblem(Settlement settlement, Reversal answer)
    {
        if (answer.SettlementId != settlement.SettlementId || answer.FundPayFen != settlement.FundPayFen
            || answer.AccountPayFen != settlement.AccountPayFen)
        {
            return $"reversal {answer.ReversalId} of {settlement.SettlementId}: answered settlement {answer.SettlementId}, " +
                $"fund {answer.FundPayFen} account {answer.AccountPayFen}; the settlement had fund {settlement.FundPayFen} account {settlement.AccountPayFen}";
        }
        return null;
    }
}
