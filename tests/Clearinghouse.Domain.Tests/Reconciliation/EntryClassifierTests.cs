using Clearinghouse.Domain.Reconciliation;

namespace Clearinghouse.Domain.Tests.Reconciliation;

public sealed class EntryClassifierTests
{
    private static readonly EntryAmounts Ledger = new(1_000, 200);

    [Fact]
    public void Equal_amounts_on_both_sides_match()
    {
        var outcome = EntryClassifier.Classify(new ComparedEntry("S1", EntryKind.Settlement, 1, Ledger, Ledger));
        Assert.True(outcome.Matched);
        Assert.Null(outcome.Duplicate);
    }

    [Theory]
    [InlineData(1_001, 200)]
    [InlineData(1_000, 199)]
    [InlineData(200, 1_000)]
    public void Any_difference_in_either_amount_is_a_mismatch(long fund, long account)
    {
        var outcome = EntryClassifier.Classify(new ComparedEntry("S1", EntryKind.Settlement, 1, new EntryAmounts(fund, account), Ledger));
        Assert.Equal(DiscrepancyKind.AmountMismatch, outcome.Comparison!.Kind);
        Assert.Equal((new EntryAmounts(fund, account), Ledger), (outcome.Comparison.Region!.Value, outcome.Comparison.Clearinghouse!.Value));
    }

    [Fact]
    public void A_side_without_the_key_is_missing_there()
    {
        var missingInRegion = EntryClassifier.Classify(new ComparedEntry("R1", EntryKind.Reversal, 0, null, Ledger));
        var missingInClearinghouse = EntryClassifier.Classify(new ComparedEntry("R1", EntryKind.Reversal, 1, Ledger, null));
        Assert.Equal(DiscrepancyKind.MissingInRegion, missingInRegion.Comparison!.Kind);
        Assert.Equal(DiscrepancyKind.MissingInClearinghouse, missingInClearinghouse.Comparison!.Kind);
        Assert.Equal(EntryKind.Reversal, missingInRegion.Comparison.EntryKind);
    }

    [Fact]
    public void A_key_listed_twice_is_a_duplicate_and_its_first_line_is_still_compared()
    {
        var agreeing = EntryClassifier.Classify(new ComparedEntry("S1", EntryKind.Settlement, 2, Ledger, Ledger));
        Assert.True(agreeing.Matched);
        Assert.Equal(DiscrepancyKind.DuplicateInReport, agreeing.Duplicate!.Kind);

        var differing = EntryClassifier.Classify(new ComparedEntry("S1", EntryKind.Settlement, 3, new EntryAmounts(1, 1), null));
        Assert.Equal(DiscrepancyKind.MissingInClearinghouse, differing.Comparison!.Kind);
        Assert.Equal(DiscrepancyKind.DuplicateInReport, differing.Duplicate!.Kind);
    }

    [Fact]
    public void An_impossible_pair_is_a_programming_error()
    {
        Assert.Throws<InvariantViolationException>(() => EntryClassifier.Classify(new ComparedEntry("S1", EntryKind.Settlement, 0, null, null)));
        Assert.Throws<InvariantViolationException>(() => EntryClassifier.Classify(new ComparedEntry("S1", EntryKind.Settlement, 0, Ledger, Ledger)));
        Assert.Throws<InvariantViolationException>(() => EntryClassifier.Classify(new ComparedEntry("S1", EntryKind.Settlement, 1, null, Ledger)));
    }
}
