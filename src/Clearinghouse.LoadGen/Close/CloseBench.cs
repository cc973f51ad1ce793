using System.Diagnostics;
using System.Globalization;
using Clearinghouse.V1;

namespace Clearinghouse.LoadGen.Close;

/// <summary>
/// The period-close benchmark: R regions and N settlements (plus reversals) in the open period, then
/// ClosePeriod, timed. Close reads only the ledger tables, so the settlements are written there
/// directly with binary COPY (through the API, a million take ~10 minutes at today's intake rate and
/// would measure intake, not close); regions and prepayments go through the API. The figures are
/// checked against what the benchmark itself summed while it generated the rows. Use a fresh database
/// (ops/bench.sh close makes one): everything already in the open period is closed with it.
/// </summary>
internal static class CloseBench
{
    /// <summary>0 when the close matched the ledger the benchmark wrote; 1 without a host; 3 on a mismatch.</summary>
    public static async Task<int> RunAsync(CloseOptions options, CancellationToken cancellationToken)
    {
        using var rpc = new Rpc(options.Targets, 2, TimeSpan.FromMinutes(10), options.Tls?.Single, options.Tls?.Folder);
        if (!await rpc.WaitForHostAsync(options.WaitForHost, cancellationToken))
        {
            Console.Error.WriteLine($"loadgen close: no host answered at {string.Join(",", options.Targets)}");
            return 1;
        }
        var clearing = rpc.Clearing;
        var codes = RegionCodes(options.Regions);

        var watch = Stopwatch.StartNew();
        await SetUpRegionsAsync(rpc, clearing, codes, cancellationToken);
        var period = (await clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest(), cancellationToken: cancellationToken)).Period_;
        Console.Error.WriteLine($"loadgen close: {options.Regions} regions set up over the API in {watch.Elapsed.TotalSeconds:0.0} s; period {period}");

        watch.Restart();
        var ledger = await new CloseLedger(codes, period, options.ReversePercent, new Random(options.Seed))
            .LoadAsync(options.Connection, options.Settlements, cancellationToken);
        var loadSeconds = watch.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"loadgen close: {options.Settlements:N0} settlements and {ledger.Reversals:N0} reversals copied into the ledger in {loadSeconds:0.0} s");

        var closed = await CloseAndReadAsync(clearing, period, codes[0], cancellationToken);
        var problems = Check(closed, ledger, options.Settlements, codes[0]);
        var report = new CloseReport(options, ledger, loadSeconds, closed, problems, options.HostPid is { } pid ? HostProbe.Memory(pid) : null);
        report.Print();
        if (options.JsonFile is { } file)
        {
            await report.WriteJsonAsync(file, cancellationToken);
        }
        return problems.Count == 0 ? 0 : 3;
    }

    /// <summary>The benchmark's region codes: 700001, 700002, …</summary>
    internal static string[] RegionCodes(int count) =>
        Enumerable.Range(1, count).Select(i => (700_000 + i).ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The regions over the API (operator), half of them with a prepayment (officer).</summary>
    internal static async Task SetUpRegionsAsync(Rpc rpc, ClearingService.ClearingServiceClient clearing, string[] codes, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(codes, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (code, ct) =>
        {
            await rpc.Registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "bench-region", RegionCode = code, Name = "Bench " + code }, cancellationToken: ct);
            // Half the regions hold a prepayment.
            if (code[^1] % 2 == 0)
            {
                await clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "bench-deposit", RegionCode = code, AmountFen = 1_000_000_000, BankReference = "BENCH-" + code }, cancellationToken: ct);
            }
        });
    }

    /// <summary>ClosePeriod, timed; then the first region's statement, timed, and the transfers.</summary>
    private static async Task<ClosedPeriod> CloseAndReadAsync(
        ClearingService.ClearingServiceClient clearing, string period, string statementRegion, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var summary = await clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "bench-close-" + period, Period = period }, cancellationToken: cancellationToken);
        var closeSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var statement = await clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = statementRegion }, cancellationToken: cancellationToken);
        var statementMs = watch.Elapsed.TotalMilliseconds;
        var transfers = await clearing.ListTransfersAsync(new ListTransfersRequest { Period = period }, cancellationToken: cancellationToken);
        return new ClosedPeriod(statementRegion, summary, closeSeconds, statement, statementMs, transfers);
    }

    /// <summary>What the close answered against what the benchmark wrote; empty when they agree.</summary>
    private static List<string> Check(ClosedPeriod closed, LoadedLedger ledger, int settlementCount, string region)
    {
        var (summary, statement, transfers) = (closed.Summary, closed.Statement, closed.Transfers);
        var expectedGross = ledger.Pairs.Values.Sum(p => Math.Abs(p.SettledFen - p.ReversedFen));
        var problems = new List<string>();
        void Expect(bool ok, string what)
        {
            if (!ok)
            {
                problems.Add(what);
            }
        }
        Expect(summary.State == PeriodState.Closed, $"state {summary.State}, expected CLOSED");
        Expect(summary.SettlementCount == settlementCount, $"settlement_count {summary.SettlementCount}, expected {settlementCount}");
        Expect(summary.ReversalCount == ledger.Reversals, $"reversal_count {summary.ReversalCount}, expected {ledger.Reversals}");
        Expect(summary.GrossTotalFen == expectedGross, $"gross_total_fen {summary.GrossTotalFen}, expected {expectedGross}");
        Expect(statement.Lines.Count == ledger.Pairs.Keys.Count(k => k.Insured == region || k.Care == region) - ledger.CountBothWays(region),
            $"statement of {region} has {statement.Lines.Count} lines");
        Expect(transfers.Transfers.Where(t => t.ToRegionCode == "000000").Sum(t => t.AmountFen) == transfers.Transfers.Where(t => t.FromRegionCode == "000000").Sum(t => t.AmountFen),
            "transfers into and out of the clearing account differ");
        return problems;
    }
}

/// <summary>What ClosePeriod answered and how long it took, and the statement and transfers read after it.</summary>
public sealed record ClosedPeriod(
    string StatementRegion, PeriodSummary Summary, double CloseSeconds, Statement Statement, double StatementMs, ListTransfersResponse Transfers);
