using Clearinghouse.V1;

namespace Clearinghouse.LoadGen.Reconcile;

/// <summary>
/// The benchmark's business day, computed from an entry's index alone so neither side is ever held in
/// memory: entry i is a settlement "{prefix}-S{i}" (or, every tenth, a reversal "{prefix}-V{i}") with
/// amounts derived from i. The report differs from the ledger by a known set of faults.
/// </summary>
public sealed class BenchDay(string prefix, int entries, int omitPercent = 0)
{
    /// <summary>Every this many entries, one is left out of the report and one has other amounts.</summary>
    public const int FaultEvery = 10_000;

    /// <summary>Entries the report adds that the ledger never had.</summary>
    public const int Unknown = 10;

    public int Entries => entries;

    public bool IsReversal(int i) => i % 10 == 9;

    public string RequestId(int i) => IsReversal(i) ? $"{prefix}-V{i:D7}" : $"{prefix}-S{i:D7}";

    public long FundPayFen(int i) => 1_000 + (i * 7_919L) % 500_000;

    public long AccountPayFen(int i) => (i * 104_729L) % 20_000;

    // The known faults, plus (to measure a day that is mostly wrong) the first omitPercent of every hundred.
    private bool LeftOut(int i) => i % FaultEvery == 17 || i % 100 < omitPercent;

    private bool Altered(int i) => i % FaultEvery == 4_242 && !LeftOut(i);

    public int ExpectedDiscrepancies =>
        Enumerable.Range(0, entries).Count(i => LeftOut(i) || Altered(i)) + Unknown;

    /// <summary>The region's report lines, generated as they are sent.</summary>
    public IEnumerable<ReportEntry> ReportLines()
    {
        for (var i = 0; i < entries; i++)
        {
            if (LeftOut(i))
            {
                continue;
            }
            yield return new ReportEntry
            {
                RequestId = RequestId(i),
                Kind = IsReversal(i) ? ReportEntryKind.Reversal : ReportEntryKind.Settlement,
                FundPayFen = FundPayFen(i) + (Altered(i) ? 1 : 0),
                AccountPayFen = AccountPayFen(i),
            };
        }
        for (var u = 0; u < Unknown; u++)
        {
            yield return new ReportEntry { RequestId = $"{prefix}-X{u}", Kind = ReportEntryKind.Settlement, FundPayFen = 1, AccountPayFen = 0 };
        }
    }
}
