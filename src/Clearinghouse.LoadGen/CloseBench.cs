using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Clearinghouse.V1;
using Grpc.Core;
using Npgsql;
using NpgsqlTypes;

namespace Clearinghouse.LoadGen;

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
    public static Command Create()
    {
        var target = new Option<string>("--target") { Description = "Address of the clearinghouse gRPC endpoint (h2c)", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var connection = new Option<string>("--connection") { Description = "Npgsql connection string of the host's database (the ledger is loaded there)", Required = true };
        var regions = new Option<int>("--regions") { Description = "Regions (2..9999)", DefaultValueFactory = _ => 400 };
        var settlements = new Option<int>("--settlements") { Description = "Settlements in the period", DefaultValueFactory = _ => 1_000_000 };
        var reversePercent = new Option<int>("--reverse-percent") { Description = "Percentage of them reversed in the same period", DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 20_261_127 };
        var json = new Option<string?>("--json") { Description = "Also write the figures to this JSON file" };
        var waitForHost = new Option<int>("--wait-for-host") { Description = "Seconds to wait for the host", DefaultValueFactory = _ => 60 };
        var hostPid = new Option<int?>("--host-pid") { Description = "Process id of the host: report its peak memory" };
        var note = new Option<string?>("--note") { Description = "Free text recorded with the figures" };
        var command = new Command("close", "Period-close benchmark: load R regions × N settlements into the open period, close it, print the close time and rows/s");
        foreach (var option in new Option[] { target, connection, regions, settlements, reversePercent, seed, json, waitForHost, hostPid, note })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var r = parse.GetValue(regions);
            var n = parse.GetValue(settlements);
            var percent = parse.GetValue(reversePercent);
            if (r is < 2 or > 9_999 || n < 1 || percent is < 0 or > 100)
            {
                Console.Error.WriteLine("loadgen close: --regions must be within 2..9999, --settlements at least 1, --reverse-percent within 0..100");
                return 2;
            }
            return await RunAsync(new Uri(parse.GetValue(target)!), parse.GetValue(connection)!, r, n, percent, parse.GetValue(seed),
                parse.GetValue(json), TimeSpan.FromSeconds(parse.GetValue(waitForHost)), parse.GetValue(hostPid), parse.GetValue(note), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        Uri target, string connectionString, int regionCount, int settlementCount, int reversePercent, int seed,
        string? jsonFile, TimeSpan waitForHost, int? hostPid, string? note, CancellationToken cancellationToken)
    {
        using var rpc = new Rpc(target, 2, TimeSpan.FromMinutes(10));
        if (!await rpc.WaitForHostAsync(waitForHost, cancellationToken))
        {
            Console.Error.WriteLine($"loadgen close: no host answered at {target}");
            return 1;
        }
        var clearing = rpc.Clearing;
        var codes = Enumerable.Range(1, regionCount).Select(i => (700_000 + i).ToString(CultureInfo.InvariantCulture)).ToArray();
        var random = new Random(seed);

        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(codes, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (code, ct) =>
        {
            await rpc.Registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "bench-region", RegionCode = code, Name = "Bench " + code }, cancellationToken: ct);
            // Half the regions hold a prepayment.
            if (code[^1] % 2 == 0)
            {
                await clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "bench-deposit", RegionCode = code, AmountFen = 1_000_000_000 }, cancellationToken: ct);
            }
        });
        var period = (await clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest(), cancellationToken: cancellationToken)).Period_;
        Console.Error.WriteLine($"loadgen close: {regionCount} regions set up over the API in {watch.Elapsed.TotalSeconds:0.0} s; period {period}");

        watch.Restart();
        var (pairs, reversalCount) = await LoadLedgerAsync(connectionString, codes, period, settlementCount, reversePercent, random, cancellationToken);
        var loadSeconds = watch.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"loadgen close: {settlementCount:N0} settlements and {reversalCount:N0} reversals copied into the ledger in {loadSeconds:0.0} s");

        watch.Restart();
        var summary = await clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "bench-close-" + period, Period = period }, cancellationToken: cancellationToken);
        var closeSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var statement = await clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = codes[0] }, cancellationToken: cancellationToken);
        var statementMs = watch.Elapsed.TotalMilliseconds;
        var transfers = await clearing.ListTransfersAsync(new ListTransfersRequest { Period = period }, cancellationToken: cancellationToken);

        var expectedGross = pairs.Values.Sum(p => Math.Abs(p.SettledFen - p.ReversedFen));
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
        Expect(summary.ReversalCount == reversalCount, $"reversal_count {summary.ReversalCount}, expected {reversalCount}");
        Expect(summary.GrossTotalFen == expectedGross, $"gross_total_fen {summary.GrossTotalFen}, expected {expectedGross}");
        Expect(statement.Lines.Count == pairs.Keys.Count(k => k.Insured == codes[0] || k.Care == codes[0]) - CountBothWays(pairs, codes[0]),
            $"statement of {codes[0]} has {statement.Lines.Count} lines");
        Expect(transfers.Transfers.Where(t => t.ToRegionCode == "000000").Sum(t => t.AmountFen) == transfers.Transfers.Where(t => t.FromRegionCode == "000000").Sum(t => t.AmountFen),
            "transfers into and out of the clearing account differ");

        var rows = settlementCount + reversalCount;
        var memory = hostPid is { } pid ? HostProbe.Memory(pid) : null;
        var figures = new
        {
            benchmark = "period-close",
            machine = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription },
            note,
            regions = regionCount,
            pairs = pairs.Count,
            settlements = settlementCount,
            reversals = reversalCount,
            ledger_load_seconds = Math.Round(loadSeconds, 2),
            close_seconds = Math.Round(closeSeconds, 3),
            close_rows_per_second = Math.Round(rows / closeSeconds),
            statement_read_ms = Math.Round(statementMs, 1),
            statement_lines = statement.Lines.Count,
            transfers = transfers.Transfers.Count,
            gross_total_fen = summary.GrossTotalFen,
            net_total_fen = summary.NetTotalFen,
            netting_efficiency_bp = summary.NettingEfficiencyBp,
            host_peak_mib = memory is { } m ? m.PeakKiB / 1024 : (long?)null,
            verified = problems.Count == 0,
            problems,
        };
        Console.WriteLine($"period close: {regionCount} regions, {pairs.Count:N0} pairs, {settlementCount:N0} settlements + {reversalCount:N0} reversals");
        Console.WriteLine($"  close:      {closeSeconds:0.000} s  ({rows / closeSeconds:N0} ledger rows/s)   target ≤ 10 s");
        Console.WriteLine($"  summary:    gross {summary.GrossTotalFen:N0} fen, net {summary.NetTotalFen:N0} fen, efficiency {summary.NettingEfficiencyBp} bp, {summary.RegionCount} regions");
        Console.WriteLine($"  statement:  {codes[0]} read in {statementMs:0.0} ms ({statement.Lines.Count} lines); {transfers.Transfers.Count} transfers");
        if (memory is { } mem)
        {
            Console.WriteLine($"  host peak:  {mem.PeakKiB / 1024:N0} MiB");
        }
        Console.WriteLine(problems.Count == 0 ? "  verification: OK" : "  verification FAILED: " + string.Join("; ", problems));
        if (jsonFile is not null)
        {
            await File.WriteAllTextAsync(jsonFile, JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        }
        return problems.Count == 0 ? 0 : 3;
    }

    /// <summary>Pairs where the region is on both sides (A→B and B→A) make one statement line, not two.</summary>
    private static int CountBothWays(Dictionary<(string Insured, string Care), PairSums> pairs, string region) =>
        pairs.Keys.Count(k => k.Insured == region && pairs.ContainsKey((k.Care, k.Insured)));

    private sealed class PairSums
    {
        public long SettledFen;
        public long ReversedFen;
    }

    private static async Task<(Dictionary<(string Insured, string Care), PairSums> Pairs, int Reversals)> LoadLedgerAsync(
        string connectionString, string[] codes, string period, int count, int reversePercent, Random random, CancellationToken cancellationToken)
    {
        var pairs = new Dictionary<(string Insured, string Care), PairSums>();
        var reversals = new List<(string SettlementId, string Insured, string Care, long Fund, long Account)>();
        var acceptedAt = DateTime.UtcNow;
        var businessDate = DateOnly.FromDateTime(acceptedAt.AddHours(8));
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                "copy clearinghouse.ledger_settlements (id, request_id, period, person_id, insured_region_code, care_region_code, hospital_code, " +
                "visit_type, service_date, accepted_at, business_date, registered, policy_version, total_fen, self_pay_c_fen, copay_b_fen, " +
                "eligible_fen, deductible_fen, ratio_bp, fund_pay_fen, account_pay_fen, cash_pay_fen) from stdin (format binary)", cancellationToken);
            for (var i = 0; i < count; i++)
            {
                var insured = codes[random.Next(codes.Length)];
                var care = codes[random.Next(codes.Length - 1)];
                if (care == insured)
                {
                    care = codes[^1];
                }
                var fund = random.NextInt64(100, 2_000_000);
                var account = random.Next(4) == 0 ? random.NextInt64(0, 20_000) : 0;
                var total = fund + account + random.NextInt64(0, 100_000);
                var id = $"bench-s{i:D9}";
                var key = (insured, care);
                if (!pairs.TryGetValue(key, out var sums))
                {
                    pairs[key] = sums = new PairSums();
                }
                sums.SettledFen += fund + account;
                if (random.Next(100) < reversePercent)
                {
                    reversals.Add((id, insured, care, fund, account));
                    sums.ReversedFen += fund + account;
                }
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(id, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync("bench-req-" + i, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(period, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync($"bench-p{i % 100_000}", NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(insured, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(care, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync("BH" + care, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync((short)1, NpgsqlDbType.Smallint, cancellationToken);
                await copy.WriteAsync(businessDate, NpgsqlDbType.Date, cancellationToken);
                await copy.WriteAsync(acceptedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(businessDate, NpgsqlDbType.Date, cancellationToken);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(total, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(total, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(8000, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(fund, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(account, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(total - fund - account, NpgsqlDbType.Bigint, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await using var copy = await connection.BeginBinaryImportAsync(
                "copy clearinghouse.ledger_reversals (id, settlement_id, request_id, period, person_id, insured_region_code, care_region_code, " +
                "accepted_at, business_date, fund_pay_fen, account_pay_fen) from stdin (format binary)", cancellationToken);
            var n = 0;
            foreach (var (settlementId, insured, care, fund, account) in reversals)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync("bench-r" + n, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(settlementId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync("bench-rev-" + n++, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(period, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync("bench-p", NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(insured, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(care, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(acceptedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(businessDate, NpgsqlDbType.Date, cancellationToken);
                await copy.WriteAsync(fund, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(account, NpgsqlDbType.Bigint, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        // What autovacuum would have done by the end of a month of intake.
        await using (var analyze = database.CreateCommand("analyze clearinghouse.ledger_settlements; analyze clearinghouse.ledger_reversals"))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }
        return (pairs, reversals.Count);
    }
}
