namespace Clearinghouse.Domain.ReadModels;

/// <summary>
/// One reversal as the ledger shows it: a projection of <see cref="Events.SettlementReversed"/>, booked in the
/// period open when it was accepted, which may be later than its settlement's. The tier figures are what it
/// takes off the serious-illness and assistance pay (0 for a settlement without tiers).
/// </summary>
public sealed record ReversalRecord(
    string ReversalId, string SettlementId, string RequestId, string Period, string PersonId,
    string InsuredRegionCode, string CareRegionCode, long FundPayFen, long AccountPayFen, DateTimeOffset AcceptedAt,
    long SeriousIllnessPayFen = 0, long AssistancePayFen = 0);
