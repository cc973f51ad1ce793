using System.Runtime.InteropServices;
using System.Text.Json;

namespace Clearinghouse.LoadGen.Close;

/// <summary>The period-close benchmark's figures: printed on stdout, and as JSON with --json.</summary>
internal sealed record CloseReport(
    CloseOptions Options, LoadedLedger Ledger, double LoadSeconds, ClosedPeriod Closed, List<string> Problems, (long PeakKiB, long RssKiB)? HostMemory)
{
    private long Rows => Options.Settlements + Ledger.Reversals;

    public void Print()
    {
        var (summary, seconds) = (Closed.Summary, Closed.CloseSeconds);
        Console.WriteLine($"period close: {Options.Regions} regions, {Ledger.Pairs.Count:N0} pairs, {Options.Settlements:N0} settlements + {Ledger.Reversals:N0} reversals");
        Console.WriteLine($"  close:      {seconds:0.000} s  ({Rows / seconds:N0} ledger rows/s)   target ≤ 10 s");
        Console.WriteLine($"  summary:    gross {summary.GrossTotalFen:N0} fen, net {summary.NetTotalFen:N0} fen, efficiency {summary.NettingEfficiencyBp} bp, {summary.RegionCount} regions");
        Console.WriteLine($"  statement:  {Closed.StatementRegion} read in {Closed.StatementMs:0.0} ms ({Closed.Statement.Lines.Count} lines); {Closed.Transfers.Transfers.Count} transfers");
        if (HostMemory is { } memory)
        {
            Console.WriteLine($"  host peak:  {memory.PeakKiB / 1024:N0} MiB");
        }
        Console.WriteLine(Problems.Count == 0 ? "  verification: OK" : "  verification FAILED: " + string.Join("; ", Problems));
    }

    public Task WriteJsonAsync(string file, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(file, JsonSerializer.Serialize(Figures(), new JsonSerializerOptions { WriteIndented = true }), cancellationToken);

    private object Figures() => new
    {
        benchmark = "period-close",
        machine = new { cores = Environment.ProcessorCount, os = RuntimeInformation.OSDescription },
        note = Options.Note,
        regions = Options.Regions,
        pairs = Ledger.Pairs.Count,
        settlements = Options.Settlements,
        reversals = Ledger.Reversals,
        ledger_load_seconds = Math.Round(LoadSeconds, 2),
        close_seconds = Math.Round(Closed.CloseSeconds, 3),
        close_rows_per_second = Math.Round(Rows / Closed.CloseSeconds),
        statement_read_ms = Math.Round(Closed.StatementMs, 1),
        statement_lines = Closed.Statement.Lines.Count,
        transfers = Closed.Transfers.Transfers.Count,
        gross_total_fen = Closed.Summary.GrossTotalFen,
        net_total_fen = Closed.Summary.NetTotalFen,
        netting_efficiency_bp = Closed.Summary.NettingEfficiencyBp,
        host_peak_mib = HostMemory is { } m ? m.PeakKiB / 1024 : (long?)null,
        verified = Problems.Count == 0,
        problems = Problems,
    };
}
