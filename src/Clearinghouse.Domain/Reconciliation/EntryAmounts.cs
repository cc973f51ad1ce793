namespace Clearinghouse.Domain.Reconciliation;

/// <summary>
/// The two figures a region and the clearinghouse compare for one entry: both are the insured region's
/// money (docs/domain.md), the cash share never reaches the clearinghouse.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.entry_amounts.v1")]
public readonly record struct EntryAmounts(long FundPayFen, long AccountPayFen);
