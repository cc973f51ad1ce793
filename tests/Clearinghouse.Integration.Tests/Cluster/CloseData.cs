using System.Diagnostics;
using System.Globalization;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.LoadGen.Close;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>
/// What a close issued: its summary (without the cut-off instant), every statement of the period, the transfers (without
/// the instant a close executed its prepayment draws, which is the close's own).
/// </summary>
public sealed record CloseFigures(PeriodSummary Summary, IReadOnlyList<Statement> Statements, IReadOnlyList<Transfer> Transfers);

/// <summary>
/// The data of the close-kill tests, the close benchmark's shape: R regions over the API, every other one with a
/// prepayment, then N settlements and ~2 % reversals of them between random pairs copied straight into the ledger
/// (a close reads only the ledger) by the benchmark's own writer (<see cref="CloseLedger"/>); the same seed writes
/// the same figures on any database.
/// </summary>
public static class CloseData
{
    private const int Seed = 20_261_206;
    private const int ReversePercent = 2;

    public static string[] RegionCodes(int regions) =>
        Enumerable.Range(1, regions).Select(i => (700_000 + i).ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Sets up the regions through <paramref name="silo"/> and copies the settlements; returns the open period and what was written.</summary>
    public static async Task<(string Period, LoadedLedger Ledger, TimeSpan CopyTime)> PrepareAsync(
        SiloProcess silo, string connectionString, int regions, int settlements, CancellationToken cancellationToken)
    {
        var codes = RegionCodes(regions);
        using (var operatorChannel = silo.OpenChannel(TestCallers.Operator))
        using (var officerChannel = silo.OpenChannel(TestCallers.Officer))
        {
            var registry = new RegistryService.RegistryServiceClient(operatorChannel);
            var clearing = new ClearingService.ClearingServiceClient(officerChannel);
            await Parallel.ForEachAsync(codes, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (code, token) =>
            {
                var deadline = DateTime.UtcNow.AddSeconds(30);
                await registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "close-region", RegionCode = code, Name = "Close " + code }, deadline: deadline, cancellationToken: token);
                if (code[^1] % 2 == 0)
                {
                    await clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest
                    {
                        RequestId = "close-deposit", RegionCode = code, AmountFen = 1_000_000_000, BankReference = "CLOSE-" + code,
                    }, deadline: deadline, cancellationToken: token);
                }
            });
            var period = (await clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest(), deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken)).Period_;
            var copying = Stopwatch.StartNew();
            var ledger = await new CloseLedger(codes, period, ReversePercent, new Random(Seed)).LoadAsync(connectionString, settlements, cancellationToken);
            return (period, ledger, copying.Elapsed);
        }
    }

    /// <summary>The close's summary as answered, and its statements and transfers read back through <paramref name="clearing"/>.</summary>
    public static async Task<CloseFigures> ReadAsync(ClearingService.ClearingServiceClient clearing, PeriodSummary answered, CancellationToken cancellationToken)
    {
        var summary = answered.Clone();
        summary.CutOffAt = "";
        var statements = new List<Statement>();
        var token = "";
        do
        {
            var page = await clearing.ListStatementsAsync(new ListStatementsRequest { Period = answered.Period, PageSize = 20, PageToken = token },
                deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: cancellationToken);
            statements.AddRange(page.Statements.Select(WithoutInstants));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        var transfers = await clearing.ListTransfersAsync(new ListTransfersRequest { Period = answered.Period }, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: cancellationToken);
        return new CloseFigures(summary, statements.OrderBy(s => s.RegionCode, StringComparer.Ordinal).ToList(), transfers.Transfers.Select(WithoutInstant).ToList());
    }

    private static Statement WithoutInstants(Statement statement)
    {
        var copy = statement.Clone();
        foreach (var transfer in copy.Transfers)
        {
            transfer.ExecutedAt = "";
        }
        return copy;
    }

    private static Transfer WithoutInstant(Transfer transfer)
    {
        var copy = transfer.Clone();
        copy.ExecutedAt = "";
        return copy;
    }

    /// <summary>The close's summary against what the ledger writer summed as it wrote the rows (as the close benchmark checks it).</summary>
    public static void AssertMatchesLedger(PeriodSummary summary, LoadedLedger ledger, int settlements)
    {
        Assert.Equal(PeriodState.Closed, summary.State);
        Assert.Equal(settlements, summary.SettlementCount);
        Assert.Equal(ledger.Reversals, summary.ReversalCount);
        Assert.Equal(ledger.Pairs.Values.Sum(p => Math.Abs(p.SettledFen - p.ReversedFen)), summary.GrossTotalFen);
    }
}
