using System.Diagnostics;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>
/// The ledger as read back against what the generator was told: the same settlement ids, the same reversals,
/// the same amounts, funds (every tier) + account + cash == total for each, each listed under both its care and its insured
/// region, and per care region Σ(funds + account_pay) over settlements not reversed equal to the
/// generator's own tally. Outcomes the generator could not learn are counted, not held against the ledger.
/// </summary>
public sealed class LedgerComparison
{
    private const int MaxListed = 10;

    private readonly World _world;
    private readonly LoadResult _load;
    private readonly Dictionary<string, LedgerEntry> _ledger;
    private readonly List<string> _problems;
    private readonly Dictionary<string, AcceptedSettlement> _told;
    private readonly Dictionary<string, AcceptedReversal> _reversedByUs;
    private readonly HashSet<string> _unknownSettles;
    private readonly HashSet<string> _unknownReversals;

    private readonly List<string> _amountMismatches = [];
    private readonly List<string> _reversalMismatches = [];
    private readonly List<string> _invariantBreaks = [];
    private readonly List<string> _listingGaps = [];
    private readonly long[] _generatorSums;
    private readonly long[] _ledgerSums;
    private int _excludedUnknownReversals;

    /// <param name="problems">Problems found while reading; the comparison's are added after them.</param>
    public LedgerComparison(World world, LoadResult load, Dictionary<string, LedgerEntry> ledger, List<string> problems)
    {
        _world = world;
        _load = load;
        _ledger = ledger;
        _problems = problems;
        _told = load.AcceptedSettlements.ToDictionary(s => s.SettlementId, StringComparer.Ordinal);
        _reversedByUs = load.AcceptedReversals.ToDictionary(r => r.SettlementId, StringComparer.Ordinal);
        _unknownSettles = load.UnknownSettleRequestIds.ToHashSet(StringComparer.Ordinal);
        _unknownReversals = load.UnknownReversalSettlementIds.ToHashSet(StringComparer.Ordinal);
        _generatorSums = new long[world.Regions.Length];
        _ledgerSums = new long[world.Regions.Length];
    }

    public VerificationResult Run(Stopwatch clock, List<string> periods, long pages)
    {
        if (_told.Count != _load.AcceptedSettlements.Count)
        {
            _problems.Add($"the server answered the same settlement id to {_load.AcceptedSettlements.Count - _told.Count} different requests");
        }
        var missing = _told.Keys.Where(id => !_ledger.ContainsKey(id)).ToList();
        var (extra, resolvedUnknown) = NotTold();
        CheckRows();
        SumGeneratorSide();
        var sums = _world.Regions.Select(r => new RegionSum(r.Code, _generatorSums[r.Index], _ledgerSums[r.Index])).ToList();
        Add("settlements answered but not in the ledger", missing);
        Add("settlements in the ledger the generator was not told of", extra);
        Add("amounts differ between answer and ledger", _amountMismatches);
        Add("reversal state differs", _reversalMismatches);
        Add("fund + account + cash != total", _invariantBreaks);
        Add("not listed under both care and insured region", _listingGaps);
        Add("answers that broke a rule when they arrived", _load.AnswerProblems);
        foreach (var s in sums.Where(s => s.Generator != s.Ledger))
        {
            _problems.Add($"care region {s.Region}: Σ(fund+account) of settlements not reversed: generator {s.Generator}, ledger {s.Ledger}");
        }
        return new VerificationResult(
            _problems.Count == 0, clock.Elapsed.TotalSeconds, periods, pages, _ledger.Count, _told.Count, _reversedByUs.Count,
            missing.Count, extra.Count, resolvedUnknown, _unknownSettles.Count, _excludedUnknownReversals, sums, _problems);
    }

    /// <summary>Ledger rows the generator was not told of: those of unknown outcome are resolved, the others are extra.</summary>
    private (List<string> Extra, int ResolvedUnknown) NotTold()
    {
        var resolvedUnknown = 0;
        var extra = new List<string>();
        foreach (var (id, entry) in _ledger)
        {
            if (_told.ContainsKey(id))
            {
                continue;
            }
            if (_unknownSettles.Contains(entry.Row.RequestId))
            {
                resolvedUnknown++;
            }
            else
            {
                extra.Add($"{id} (request {entry.Row.RequestId})");
            }
        }
        return (extra, resolvedUnknown);
    }

    /// <summary>Each ledger row: its invariant, its listings, its amounts and reversal against the answer; and the ledger's side of the sums.</summary>
    private void CheckRows()
    {
        var careIndex = _world.Regions.ToDictionary(r => r.Code, r => r.Index);
        foreach (var (id, entry) in _ledger)
        {
            var row = entry.Row;
            var funds = AnswerChecks.Funds(row);
            if (funds + row.AccountPayFen + row.CashPayFen != row.TotalFen || row.FundPayFen < 0 || row.SeriousIllnessPayFen < 0 || row.AssistancePayFen < 0
                || row.AccountPayFen < 0 || row.CashPayFen < 0)
            {
                _invariantBreaks.Add($"{id}: funds {funds} + account {row.AccountPayFen} + cash {row.CashPayFen} vs total {row.TotalFen}");
            }
            if (!entry.UnderCare || !entry.UnderInsured)
            {
                _listingGaps.Add($"{id}: listed under care region {row.CareRegionCode}: {entry.UnderCare}, under insured region {row.InsuredRegionCode}: {entry.UnderInsured}");
            }
            if (_unknownReversals.Contains(id))
            {
                _excludedUnknownReversals++;
                continue;
            }
            if (_told.TryGetValue(id, out var mine))
            {
                CompareWithAnswer(id, row, mine);
            }
            // The ledger's side of the sums: every row of this run not reversed, except those whose outcome the
            // generator could not learn (it cannot have counted them).
            if (!_unknownSettles.Contains(row.RequestId) && !row.Reversed && careIndex.TryGetValue(row.CareRegionCode, out var care))
            {
                _ledgerSums[care] += funds + row.AccountPayFen;
            }
        }
    }

    private void CompareWithAnswer(string id, Clearinghouse.V1.Settlement row, AcceptedSettlement mine)
    {
        if (mine.FundPay != AnswerChecks.Funds(row) || mine.AccountPay != row.AccountPayFen || mine.CashPay != row.CashPayFen
            || mine.Total != row.TotalFen || mine.Period != row.Period || mine.RequestId != row.RequestId
            || _world.Regions[mine.CareRegion].Code != row.CareRegionCode)
        {
            _amountMismatches.Add($"{id}: answered funds {mine.FundPay} account {mine.AccountPay} cash {mine.CashPay} total {mine.Total} period {mine.Period}; " +
                $"ledger funds {AnswerChecks.Funds(row)} account {row.AccountPayFen} cash {row.CashPayFen} total {row.TotalFen} period {row.Period}");
        }
        var weReversed = _reversedByUs.TryGetValue(id, out var reversal);
        if (weReversed != row.Reversed || (weReversed && reversal.ReversalId != row.ReversalId))
        {
            _reversalMismatches.Add($"{id}: generator reversed={weReversed} ({(weReversed ? reversal.ReversalId : "-")}); ledger reversed={row.Reversed} ({(row.Reversed ? row.ReversalId : "-")})");
        }
    }

    /// <summary>The generator's side of the sums: everything it was told was accepted and did not see reversed.</summary>
    private void SumGeneratorSide()
    {
        foreach (var (id, mine) in _told)
        {
            if (!_reversedByUs.ContainsKey(id) && !_unknownReversals.Contains(id))
            {
                _generatorSums[mine.CareRegion] += mine.FundPay + mine.AccountPay;
            }
        }
        foreach (var (settlementId, reversal) in _reversedByUs)
        {
            if (!_told.ContainsKey(settlementId))
            {
                _reversalMismatches.Add($"reversal {reversal.ReversalId} of a settlement the generator was not told of: {settlementId}");
            }
        }
    }

    private void Add(string what, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }
        _problems.Add($"{what}: {items.Count}");
        _problems.AddRange(items.Take(MaxListed).Select(i => "  " + i));
        if (items.Count > MaxListed)
        {
            _problems.Add($"  … and {items.Count - MaxListed} more");
        }
    }
}
