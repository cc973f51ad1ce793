using System.Diagnostics;
using System.Globalization;
using Clearinghouse.V1;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>A settlement of this run as the ledger lists it, and whether it was listed under its care and its insured region.</summary>
public readonly record struct LedgerEntry(Settlement Row, bool UnderCare, bool UnderInsured);

/// <summary>
/// Reads the ledger back (ListSettlements for every region and every period touched) and compares it with
/// what the generator was told (<see cref="LedgerComparison"/>). Requests whose outcome the generator could
/// not learn (a deadline, a lost connection) are settled by the ledger: they are counted, not held against it.
/// </summary>
public sealed class Verifier(World world, Rpc rpc, string settlePrefix, Progress progress)
{
    public async Task<VerificationResult> RunAsync(LoadResult load, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var periods = PeriodsOf(load);
        var ledger = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
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
                        var page = await ListPageAsync(region.Code, period, token, cancellationToken);
                        Interlocked.Increment(ref pages);
                        Interlocked.Add(ref rows, page.Settlements.Count);
                        Take(page, region.Code, period, ledger, problems);
                        token = page.NextPageToken;
                    }
                    while (token.Length > 0);
                }
            }
        }
        return new LedgerComparison(world, load, ledger, problems).Run(clock, [.. periods], pages);
    }

    /// <summary>The periods the run's settlements fell in, and the one open now (unknown outcomes may have landed there).</summary>
    private static SortedSet<string> PeriodsOf(LoadResult load)
    {
        var periods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var s in load.AcceptedSettlements)
        {
            periods.Add(s.Period);
        }
        periods.Add(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM", CultureInfo.InvariantCulture));
        return periods;
    }

    private Task<ListSettlementsResponse> ListPageAsync(string region, string period, string token, CancellationToken cancellationToken) =>
        Rpc.WithRetries(() => rpc.Settlement.ListSettlementsAsync(new ListSettlementsRequest
        {
            RegionCode = region, Period = period, PageSize = 1000, PageToken = token,
        }, rpc.Options(cancellationToken)).ResponseAsync, cancellationToken);

    /// <summary>Adds the page's settlements of this run to <paramref name="ledger"/>; a row listed where it does not belong is a problem.</summary>
    private void Take(ListSettlementsResponse page, string region, string period, Dictionary<string, LedgerEntry> ledger, List<string> problems)
    {
        foreach (var row in page.Settlements)
        {
            if (!row.RequestId.StartsWith(settlePrefix, StringComparison.Ordinal))
            {
                continue;
            }
            if (row.CareRegionCode != region && row.InsuredRegionCode != region)
            {
                problems.Add($"ListSettlements({region}, {period}) returned {row.SettlementId}, of care {row.CareRegionCode} / insured {row.InsuredRegionCode}");
            }
            if (row.Period != period)
            {
                problems.Add($"ListSettlements({region}, {period}) returned {row.SettlementId} of period {row.Period}");
            }
            ledger.TryGetValue(row.SettlementId, out var seen);
            ledger[row.SettlementId] = new LedgerEntry(row, seen.UnderCare || row.CareRegionCode == region, seen.UnderInsured || row.InsuredRegionCode == region);
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
