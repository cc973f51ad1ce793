using System.Diagnostics;
using System.Globalization;
using Clearinghouse.V1;

namespace Clearinghouse.LoadGen;

/// <summary>
/// Reads the ledger back (ListSettlements for every region and every period touched) and compares it with
/// what the generator was told: the same settlement ids, the same reversals, the same amounts, fund +
/// account + cash == total for each, each listed under both its care and its insured region, and per care
/// region Σ(fund_pay + account_pay) over settlements not reversed equal to the generator's own tally.
/// Requests whose outcome the generator could not learn (a deadline, a lost connection) are settled by
/// the ledger: they are counted, not held against it.
/// </summary>
public sealed class Verifier(World world, Rpc rpc, string settlePrefix, Progress progress)
{
    private const int MaxListed = 10;

    public async Task<VerificationResult> RunAsync(LoadResult load, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var periods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var s in load.AcceptedSettlements)
        {
            periods.Add(s.Period);
        }
        // Unknown outcomes may have landed in the period open at the end too.
        periods.Add(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM", CultureInfo.InvariantCulture));

        // settlement id → (the row, listed under its care region, listed under its insured region)
        var ledger = new Dictionary<string, (Settlement Row, bool UnderCare, bool UnderInsured)>(StringComparer.Ordinal);
        var problems = new List<string>();
        long pages = 0, rows = 0;
        using (progress.Show(() => $"verify {clock.Elapsed.TotalSeconds,5:0}s  pages {pages:N0}  rows {rows:N0}"))
        {
            foreach (var region in world.Regions)
            {
                foreach (var period in periods)
                {
                    var token = "";
                    do
                    {
                        var page = await Rpc.WithRetries(() => rpc.Settlement.ListSettlementsAsync(new ListSettlementsRequest
                        {
                            RegionCode = region.Code, Period = period, PageSize = 1000, PageToken = token,
                        }, rpc.Options(cancellationToken)).ResponseAsync, cancellationToken);
                        Interlocked.Increment(ref pages);
                        foreach (var row in page.Settlements)
                        {
                            Interlocked.Increment(ref rows);
                            if (!row.RequestId.StartsWith(settlePrefix, StringComparison.Ordinal))
                            {
                                continue;
                            }
                            if (row.CareRegionCode != region.Code && row.InsuredRegionCode != region.Code)
                            {
                                problems.Add($"ListSettlements({region.Code}, {period}) returned {row.SettlementId}, of care {row.CareRegionCode} / insured {row.InsuredRegionCode}");
                            }
                            if (row.Period != period)
                            {
                                problems.Add($"ListSettlements({region.Code}, {period}) returned {row.SettlementId} of period {row.Period}");
                            }
                            ledger.TryGetValue(row.SettlementId, out var seen);
                            ledger[row.SettlementId] = (row, seen.UnderCare || row.CareRegionCode == region.Code,
                                seen.UnderInsured || row.InsuredRegionCode == region.Code);
                        }
                        token = page.NextPageToken;
                    }
                    while (token.Length > 0);
                }
            }
        }

        var told = load.AcceptedSettlements.ToDictionary(s => s.SettlementId, StringComparer.Ordinal);
        var reversedByUs = load.AcceptedReversals.ToDictionary(r => r.SettlementId, StringComparer.Ordinal);
        var unknownSettles = load.UnknownSettleRequestIds.ToHashSet(StringComparer.Ordinal);
        var unknownReversals = load.UnknownReversalSettlementIds.ToHashSet(StringComparer.Ordinal);
        if (told.Count != load.AcceptedSettlements.Count)
        {
            problems.Add($"the server answered the same settlement id to {load.AcceptedSettlements.Count - told.Count} different requests");
        }

        var missing = told.Keys.Where(id => !ledger.ContainsKey(id)).ToList();
        var resolvedUnknown = 0;
        var extra = new List<string>();
        foreach (var (id, entry) in ledger)
        {
            if (told.ContainsKey(id))
            {
                continue;
            }
            if (unknownSettles.Contains(entry.Row.RequestId))
            {
                resolvedUnknown++;
            }
            else
            {
                extra.Add($"{id} (request {entry.Row.RequestId})");
            }
        }
        var amountMismatches = new List<string>();
        var reversalMismatches = new List<string>();
        var invariantBreaks = new List<string>();
        var listingGaps = new List<string>();
        var generatorSums = new long[world.Regions.Length];
        var ledgerSums = new long[world.Regions.Length];
        var careIndex = world.Regions.ToDictionary(r => r.Code, r => r.Index);
        var excludedUnknownReversal = 0;

        foreach (var (id, entry) in ledger)
        {
            var row = entry.Row;
            if (row.FundPayFen + row.AccountPayFen + row.CashPayFen != row.TotalFen || row.FundPayFen < 0 || row.AccountPayFen < 0 || row.CashPayFen < 0)
            {
                invariantBreaks.Add($"{id}: fund {row.FundPayFen} + account {row.AccountPayFen} + cash {row.CashPayFen} vs total {row.TotalFen}");
            }
            if (!entry.UnderCare || !entry.UnderInsured)
            {
                listingGaps.Add($"{id}: listed under care region {row.CareRegionCode}: {entry.UnderCare}, under insured region {row.InsuredRegionCode}: {entry.UnderInsured}");
            }
            if (unknownReversals.Contains(id))
            {
                excludedUnknownReversal++;
                continue;
            }
            if (told.TryGetValue(id, out var mine))
            {
                if (mine.FundPay != row.FundPayFen || mine.AccountPay != row.AccountPayFen || mine.CashPay != row.CashPayFen
                    || mine.Total != row.TotalFen || mine.Period != row.Period || mine.RequestId != row.RequestId
                    || world.Regions[mine.CareRegion].Code != row.CareRegionCode)
                {
                    amountMismatches.Add($"{id}: answered fund {mine.FundPay} account {mine.AccountPay} cash {mine.CashPay} total {mine.Total} period {mine.Period}; " +
                        $"ledger fund {row.FundPayFen} account {row.AccountPayFen} cash {row.CashPayFen} total {row.TotalFen} period {row.Period}");
                }
                var weReversed = reversedByUs.TryGetValue(id, out var reversal);
                if (weReversed != row.Reversed || (weReversed && reversal.ReversalId != row.ReversalId))
                {
                    reversalMismatches.Add($"{id}: generator reversed={weReversed} ({(weReversed ? reversal.ReversalId : "-")}); ledger reversed={row.Reversed} ({(row.Reversed ? row.ReversalId : "-")})");
                }
            }
            // The ledger's side of the sums: every row of this run not reversed, except those whose outcome the
            // generator could not learn (it cannot have counted them).
            if (!unknownSettles.Contains(row.RequestId) && !row.Reversed && careIndex.TryGetValue(row.CareRegionCode, out var care))
            {
                ledgerSums[care] += row.FundPayFen + row.AccountPayFen;
            }
        }
        // The generator's side: everything it was told was accepted and did not see reversed.
        foreach (var (id, mine) in told)
        {
            if (!reversedByUs.ContainsKey(id) && !unknownReversals.Contains(id))
            {
                generatorSums[mine.CareRegion] += mine.FundPay + mine.AccountPay;
            }
        }
        foreach (var (settlementId, reversal) in reversedByUs)
        {
            if (!told.ContainsKey(settlementId))
            {
                reversalMismatches.Add($"reversal {reversal.ReversalId} of a settlement the generator was not told of: {settlementId}");
            }
        }

        var sums = world.Regions.Select(r => new RegionSum(r.Code, generatorSums[r.Index], ledgerSums[r.Index])).ToList();
        Add(problems, "settlements answered but not in the ledger", missing);
        Add(problems, "settlements in the ledger the generator was not told of", extra);
        Add(problems, "amounts differ between answer and ledger", amountMismatches);
        Add(problems, "reversal state differs", reversalMismatches);
        Add(problems, "fund + account + cash != total", invariantBreaks);
        Add(problems, "not listed under both care and insured region", listingGaps);
        Add(problems, "answers that broke a rule when they arrived", load.AnswerProblems);
        foreach (var s in sums.Where(s => s.Generator != s.Ledger))
        {
            problems.Add($"care region {s.Region}: Σ(fund+account) of settlements not reversed: generator {s.Generator}, ledger {s.Ledger}");
        }

        return new VerificationResult(
            problems.Count == 0, clock.Elapsed.TotalSeconds, [.. periods], pages, ledger.Count, told.Count, reversedByUs.Count,
            missing.Count, extra.Count, resolvedUnknown, unknownSettles.Count, excludedUnknownReversal, sums, problems);
    }

    private static void Add(List<string> problems, string what, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }
        problems.Add($"{what}: {items.Count}");
        problems.AddRange(items.Take(MaxListed).Select(i => "  " + i));
        if (items.Count > MaxListed)
        {
            problems.Add($"  … and {items.Count - MaxListed} more");
        }
    }
}

public sealed record RegionSum(string Region, long Generator, long Ledger);

public sealed record VerificationResult(
    bool Ok,
    double Seconds,
    List<string> Periods,
    long Pages,
    int LedgerSettlements,
    int GeneratorSettlements,
    int GeneratorReversals,
    int Missing,
    int Extra,
    int UnknownOutcomesFoundInLedger,
    int UnknownOutcomes,
    int ExcludedUnknownReversals,
    List<RegionSum> Sums,
    List<string> Problems);
