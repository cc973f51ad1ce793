using System.Globalization;
using System.Text;
using Clearinghouse.Cli;
using Clearinghouse.Cli.Tests;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Reconciliation;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// The officer command line's reconciliation commands run in-process against the real host: a care
/// region's day of 20 settlements and 2 reversals, reported from a CSV file with four faults (an entry
/// left out, one the clearinghouse never saw, a changed amount, a line twice); exactly those are printed,
/// exported as CSV and resolved; re-running the same file is a retry; a corrected file is a new
/// submission; a file of 200,000 lines streams; a malformed file exits 2 and records nothing.
/// The hosts' clock is set to a fixed day, so all intake falls on one business day whenever this runs.
/// </summary>
public sealed class CliReconciliationTests(CliReconciliationTests.Fixture fixture) : IClassFixture<CliReconciliationTests.Fixture>
{
    private const string Insured = "130102";
    private const string Care = "140105";
    private const string Hospital = "CLIRECON-H1";
    private const string Person = "clirecon-1";
    private const int SettlementCount = 20;
    private const int ReversalCount = 2;
    private const string CsvHeader = "request_id,kind,fund_pay_fen,account_pay_fen";
    private static readonly DateOnly Day = new(2026, 5, 12);
    private static readonly string DayText = ChinaClock.Format(Day);

    public sealed record LedgerEntry(string RequestId, ReportEntryKind Kind, long FundPayFen, long AccountPayFen)
    {
        public string KindText => Kind == ReportEntryKind.Reversal ? "REVERSAL" : "SETTLEMENT";

        public string Line() => $"{RequestId},{KindText},{Fen(FundPayFen)},{Fen(AccountPayFen)}";
    }

    public sealed class Fixture : ClearinghouseFixture
    {
        protected override TimeProvider? Clock { get; } = new ShiftedClock(new DateTimeOffset(Day.ToDateTime(new TimeOnly(11, 0)), TimeSpan.FromHours(8)));

        public List<LedgerEntry> Ledger { get; } = [];

        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "clirecon");
            await scenario.RegionAsync(Insured, "Shijiazhuang Chang'an");
            await scenario.RegionAsync(Care, "Taiyuan Xinghualing");
            await scenario.PolicyAsync(Insured, new DateOnly(2025, 1, 1), Policies.Standard());
            await scenario.HospitalAsync(Hospital, Care, 2);
            await scenario.PersonAsync(Person, Insured, Scheme.Resident, PersonCategory.Active);
            var visits = new Visits(20_260_512);
            var settlements = new List<Settlement>();
            for (var k = 1; k <= SettlementCount; k++)
            {
                settlements.Add(await scenario.SettleAsync(visits.Next($"S-{k:D2}", Person, Care, Hospital, Day, VisitType.Outpatient, maxItems: 3)));
            }
            Ledger.AddRange(settlements.Select(s => new LedgerEntry(s.RequestId, ReportEntryKind.Settlement, s.FundPayFen, s.AccountPayFen)));
            for (var i = 1; i <= ReversalCount; i++)
            {
                var reversal = await scenario.ReverseAsync(settlements[i * 7], $"V-{i:D2}");
                Ledger.Add(new LedgerEntry($"V-{i:D2}", ReportEntryKind.Reversal, reversal.FundPayFen, reversal.AccountPayFen));
            }
            scenario.AssertNoMismatches();
            Assert.All(settlements, s => Assert.Equal("2026-05", s.Period));
            Assert.Contains(Ledger, e => e.FundPayFen + e.AccountPayFen > 0);
        }
    }

    private Task<CliRun> Cli(params string[] args) => CliRun.RunAsync(fixture.Host.Address, args);

    /// <summary>A discrepancy as printed: kind, request id, entry kind, the four amounts in yuan, status.</summary>
    private sealed record Printed(string Kind, string RequestId, string EntryKind, string RegionFund, string RegionAccount, string ClearinghouseFund, string ClearinghouseAccount, string Status);

    [Fact]
    public async Task A_faulty_report_file_prints_exactly_its_faults_which_are_exported_and_resolved_and_a_rerun_is_a_retry()
    {
        var ledger = fixture.Ledger;
        var directory = Directory.CreateTempSubdirectory("clearinghouse-cli-recon-");
        try
        {
            var (file, expected) = await WriteFaultyReportAsync(directory.FullName, ledger);

            // 1. The faulty report: exactly its four faults, open; the counts of a 23-line report of a 22-entry day.
            var first = await Cli("reconcile", Care, DayText, file);
            var output = first.Ok("reconcile");
            var fields = output.Fields("reconciliation");
            Assert.Equal((Care, DayText, "20", "23", "22", "4"),
                (fields["care_region"], fields["business_date"], fields["matched_count"], fields["region_entry_count"], fields["clearinghouse_entry_count"], fields["discrepancy_count"]));
            Assert.Matches($"^report-{Care}-{DayText}-[0-9a-f]{{16}}$", fields["request_id"]);
            var found = output.Table("discrepancies");
            Assert.Equal(expected.OrderBy(p => p.RequestId, StringComparer.Ordinal), found.Select(AsPrinted).OrderBy(p => p.RequestId, StringComparer.Ordinal));
            var ids = found.ToDictionary(d => d["request_id"], d => d["discrepancy_id"]);
            Assert.Equal(4, ids.Values.Distinct().Count());

            // 2. The same file again is a retry: the very same output, nothing new recorded.
            var counts = await ReconciliationProbe.CountsAsync(fixture.ConnectionString);
            var again = await Cli("reconcile", Care, DayText, file);
            Assert.True(again.ExitCode == 0 && again.Out == first.Out, $"a re-run printed something else:\n{again}\nfirst:\n{first}");
            Assert.Equal(counts, await ReconciliationProbe.CountsAsync(fixture.ConnectionString));

            // 3. The open discrepancies as a CSV file: the same four, amounts in fen and yuan, not yet resolved.
            var csvPath = Path.Combine(directory.FullName, "open.csv");
            var export = (await Cli("discrepancies", Care, "--status", "open", "--csv", csvPath)).Ok("discrepancies --csv").Table("files");
            Assert.Equal([("discrepancies", csvPath, "4")], export.Select(f => (f["file"], f["path"], f["rows"])));
            CheckCsv(csvPath, expected, ids);

            // 4. Each resolved by an officer; the printed discrepancy says how, who, why.
            var resolutions = new Dictionary<string, string>
            {
                ["S-05"] = "accept-clearinghouse", ["X-01"] = "written-off", ["S-10"] = "reversed", ["S-15"] = "written-off",
            };
            var resolvedOutputs = new Dictionary<string, string>();
            foreach (var (requestId, resolution) in resolutions)
            {
                var run = await Cli("resolve", ids[requestId], resolution, "--note", $"checked {requestId}, with the region");
                var resolved = run.Ok($"resolve {requestId}").Fields("discrepancy");
                Assert.Equal((ids[requestId], requestId, "resolved", resolution, TestCallers.Officer.Scope, $"checked {requestId}, with the region", Care, DayText),
                    (resolved["discrepancy_id"], resolved["request_id"], resolved["status"], resolved["resolution"], resolved["officer"], resolved["note"],
                     resolved["care_region"], resolved["business_date"]));
                Assert.False(string.IsNullOrEmpty(resolved["resolved_at"]));
                resolvedOutputs[requestId] = run.Out;
            }
            // Re-running a resolve (same default request id) is a retry: the same answer.
            var retried = await Cli("resolve", ids["X-01"], "written-off", "--officer", TestCallers.Officer.Scope, "--note", "checked X-01, with the region");
            Assert.Equal((0, resolvedOutputs["X-01"]), (retried.ExitCode, retried.Out));
            // The same id for another resolution is refused (exit 5); resolving a resolved one with a new id is a precondition failure (exit 4).
            var reused = await Cli("resolve", ids["X-01"], "reversed");
            Assert.True(reused.ExitCode == ExitCodes.AlreadyExists && reused.Error.StartsWith("error: AlreadyExists: ", StringComparison.Ordinal), reused.ToString());
            var twice = await Cli("resolve", ids["X-01"], "reversed", "--request-id", "resolve-again-1");
            Assert.True(twice.ExitCode == ExitCodes.FailedPrecondition, twice.ToString());
            var unknown = await Cli("resolve", "0123456789abcdef0123456789abcdef", "reversed");
            Assert.True(unknown.ExitCode == ExitCodes.NotFound, unknown.ToString());
            // An officer resolves only under their own name.
            var impostor = await Cli("resolve", ids["X-01"], "reversed", "--officer", "li", "--request-id", "resolve-as-li");
            Assert.True(impostor.ExitCode == ExitCodes.PermissionDenied && impostor.Error.Contains("may not act as li", StringComparison.Ordinal), impostor.ToString());

            // 5. Nothing open any more; the four are listed as resolved, with who, how, why and when.
            Assert.Empty((await Cli("discrepancies", Care, "--status", "open")).Ok("open after resolving").Table("discrepancies"));
            var resolvedList = (await Cli("discrepancies", Care, "--status", "resolved")).Ok("resolved").Table("discrepancies");
            Assert.Equal(ids.Values.Order(StringComparer.Ordinal), resolvedList.Select(d => d["discrepancy_id"]).Order(StringComparer.Ordinal));
            Assert.All(resolvedList, d => Assert.Equal((resolutions[d["request_id"]], TestCallers.Officer.Scope, DayText), (d["resolution"], d["officer"], d["business_date"])));
            Assert.Equal(4, (await Cli("discrepancies", Care)).Ok("all").Table("discrepancies").Count);

            // 6. The same file once more still answers as first answered, and changes nothing.
            var third = await Cli("reconcile", Care, DayText, file);
            Assert.True(third.ExitCode == 0 && third.Out == first.Out, $"a late re-run printed something else:\n{third}\nfirst:\n{first}");
            Assert.Empty((await Cli("discrepancies", Care, "--status", "open")).Ok("open after the late re-run").Table("discrepancies"));

            // 7. A corrected file is a new submission (another default id); its id reused for other content is refused.
            var corrected = Path.Combine(directory.FullName, "corrected.csv");
            await File.WriteAllLinesAsync(corrected, [CsvHeader, .. ledger.Select(e => e.Line())]);
            var refused = await Cli("reconcile", Care, DayText, corrected, "--request-id", fields["request_id"]);
            Assert.True(refused.ExitCode == ExitCodes.AlreadyExists && refused.Out.Length == 0, refused.ToString());
            var clean = (await Cli("reconcile", Care, DayText, corrected)).Ok("corrected");
            var cleanFields = clean.Fields("reconciliation");
            Assert.NotEqual(fields["request_id"], cleanFields["request_id"]);
            Assert.Equal(("22", "22", "22", "0"), (cleanFields["matched_count"], cleanFields["region_entry_count"], cleanFields["clearinghouse_entry_count"], cleanFields["discrepancy_count"]));
            Assert.Empty(clean.Table("discrepancies"));
            var status = (await Cli("reconciliation-status", Care, "2026-05")).Ok("status").Table("days");
            Assert.Equal(31, status.Count);
            var day = Assert.Single(status, d => d["reconciled"] == "yes");
            Assert.Equal((DayText, "22", "0", cleanFields["reconciliation_id"]), (day["business_date"], day["matched_count"], day["open_discrepancy_count"], day["reconciliation_id"]));

            // 8. A report of 200,000 lines, streamed in 40 batches: the ledger, and one entry 199,978 times more.
            var large = Path.Combine(directory.FullName, "large.csv");
            await File.WriteAllLinesAsync(large, [CsvHeader, .. ledger.Select(e => e.Line()), .. Enumerable.Repeat(ledger[0].Line(), 200_000 - ledger.Count)]);
            var streamed = (await Cli("reconcile", Care, DayText, large)).Ok("large report");
            var streamedFields = streamed.Fields("reconciliation");
            Assert.Equal(("22", "200000", "22"), (streamedFields["matched_count"], streamedFields["region_entry_count"], streamedFields["clearinghouse_entry_count"]));
            var duplicate = Assert.Single(streamed.Table("discrepancies"));
            Assert.Equal(("duplicate_in_report", ledger[0].RequestId, "open"), (duplicate["kind"], duplicate["request_id"], duplicate["status"]));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_malformed_report_file_exits_2_naming_its_line_and_records_nothing()
    {
        var directory = Directory.CreateTempSubdirectory("clearinghouse-cli-recon-bad-");
        try
        {
            var countsBefore = await ReconciliationProbe.CountsAsync(fixture.ConnectionString);
            var statusBefore = (await Cli("reconciliation-status", Care, "2026-05")).Ok("status before").Table("days");
            var listedBefore = (await Cli("discrepancies", Care)).Ok("discrepancies before").Table("discrepancies");

            // Good lines, then a negative amount on line 12.
            var file = Path.Combine(directory.FullName, "malformed.csv");
            await File.WriteAllLinesAsync(file, [CsvHeader, .. fixture.Ledger.Take(10).Select(e => e.Line()), "S-99,SETTLEMENT,100,-1", .. fixture.Ledger.Skip(10).Select(e => e.Line())]);
            var run = await Cli("reconcile", Care, DayText, file);
            Assert.True(run.ExitCode == ExitCodes.InvalidArguments, run.ToString());
            Assert.Equal($"error: {file}:12: account_pay_fen must be a whole number of fen within 0..10000000000, got '-1'" + Environment.NewLine, run.Error);
            Assert.Equal("", run.Out);

            // An unknown kind, and an unclosed quote at the end.
            await File.WriteAllLinesAsync(file, [CsvHeader, .. fixture.Ledger.Select(e => e.Line()), "S-99,REFUND,100,0"]);
            Assert.StartsWith($"error: {file}:24: kind must be SETTLEMENT or REVERSAL", (await Cli("reconcile", Care, DayText, file)).Error, StringComparison.Ordinal);
            await File.WriteAllTextAsync(file, CsvHeader + "\r\n" + fixture.Ledger[0].Line() + "\r\n\"S-99,SETTLEMENT,1,0\r\n");
            var unclosed = await Cli("reconcile", Care, DayText, file);
            Assert.True(unclosed.ExitCode == ExitCodes.InvalidArguments && unclosed.Error.StartsWith($"error: {file}:3: ", StringComparison.Ordinal), unclosed.ToString());

            // A well-formed file the server refuses after the header: an unknown region (3), a day after today (2).
            await File.WriteAllLinesAsync(file, [CsvHeader, .. fixture.Ledger.Select(e => e.Line())]);
            var nowhere = await Cli("reconcile", "990101", DayText, file);
            Assert.True(nowhere.ExitCode == ExitCodes.NotFound && nowhere.Error.StartsWith("error: NotFound: ", StringComparison.Ordinal) && nowhere.Out.Length == 0, nowhere.ToString());
            var tomorrow = await Cli("reconcile", Care, ChinaClock.Format(Day.AddDays(1)), file);
            Assert.True(tomorrow.ExitCode == ExitCodes.InvalidArguments && tomorrow.Error.StartsWith("error: InvalidArgument: ", StringComparison.Ordinal), tomorrow.ToString());
            Assert.Equal(ExitCodes.NotFound, (await Cli("discrepancies", "990101")).ExitCode);

            Assert.Equal(countsBefore, await ReconciliationProbe.CountsAsync(fixture.ConnectionString));
            Assert.Equal(statusBefore, (await Cli("reconciliation-status", Care, "2026-05")).Ok("status after").Table("days"));
            Assert.Equal(listedBefore, (await Cli("discrepancies", Care)).Ok("discrepancies after").Table("discrepancies"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [LinuxTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_file_that_changes_while_it_is_sent_cancels_the_call_and_records_nothing(bool malformed)
    {
        var directory = Directory.CreateTempSubdirectory("clearinghouse-cli-recon-fifo-");
        try
        {
            var countsBefore = await ReconciliationProbe.CountsAsync(fixture.ConnectionString);
            var listedBefore = (await Cli("discrepancies", Care)).Ok("discrepancies before").Table("discrepancies");

            // A named pipe serves the first read (the check) one text and the second (the submission)
            // another, as a file rewritten between the two would. 6,000 lines: a batch is sent before the change shows.
            var fifo = Path.Combine(directory.FullName, "report.csv");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
            {
                await mkfifo.WaitForExitAsync();
                Assert.Equal(0, mkfifo.ExitCode);
            }
            var lines = new List<string> { CsvHeader };
            lines.AddRange(fixture.Ledger.Select(e => e.Line()));
            lines.AddRange(Enumerable.Repeat(fixture.Ledger[0].Line(), 6_000 - lines.Count));
            var checkedText = string.Join("\r\n", lines) + "\r\n";
            lines[5_999] = malformed ? "S-99,SETTLEMENT,1,x" : "S-99,SETTLEMENT,1,1";
            var sentText = string.Join("\r\n", lines) + "\r\n";
            var writer = Task.Run(async () =>
            {
                await File.WriteAllTextAsync(fifo, checkedText);
                // The first reader must see the end of its text before a second writer opens the pipe: wait
                // until it has closed it. (A second reader blocked in open() holds no descriptor yet.)
                await NoDescriptorOfThisProcessOpensAsync(fifo);
                await File.WriteAllTextAsync(fifo, sentText);
            });

            var run = await Cli("reconcile", Care, DayText, fifo);
            await writer.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("", run.Out);
            if (malformed)
            {
                Assert.True(run.ExitCode == ExitCodes.InvalidArguments, run.ToString());
                Assert.StartsWith($"error: {fifo}:6000: account_pay_fen", run.Error, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(run.ExitCode == ExitCodes.Other, run.ToString());
                Assert.Contains("changed while it was being sent", run.Error, StringComparison.Ordinal);
            }

            // The server drops the staged lines when it sees the cancellation; allow it a moment.
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (await ReconciliationProbe.CountsAsync(fixture.ConnectionString) != countsBefore && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            Assert.Equal(countsBefore, await ReconciliationProbe.CountsAsync(fixture.ConnectionString));
            Assert.Equal(listedBefore, (await Cli("discrepancies", Care)).Ok("discrepancies after").Table("discrepancies"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Waits until no file descriptor of this process (the command line runs in it) refers to
    /// <paramref name="path"/>. A pipe's reader closing it raises no event a test can await, so this polls
    /// /proc/self/fd, bounded at 30 seconds.
    /// </summary>
    private static async Task NoDescriptorOfThisProcessOpensAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Directory.EnumerateFiles("/proc/self/fd").Any(fd => LinkTarget(fd) == path))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{path} was still open in this process after 30 seconds");
            }
            await Task.Delay(10);
        }
    }

    private static string? LinkTarget(string descriptor)
    {
        try
        {
            return new FileInfo(descriptor).LinkTarget;
        }
        catch (IOException)
        {
            // Closed while the list was read.
            return null;
        }
    }

    /// <summary>
    /// The day's ledger as the region reports it, with four faults: S-05 left out, X-01 unknown to the
    /// clearinghouse, S-10's fund amount 1 fen higher, S-15 twice. Written with a BOM, one quoted request
    /// id and one kind in lower case, all of which the reader accepts. The expected discrepancies are
    /// worked figures: the seed's visits (Visits(20_260_512), the standard policy) pay S-05 729 fen, S-10
    /// 1,007 fen and S-15 2,413 fen from the fund and nothing from the account, which the seed's ledger is
    /// checked against first.
    /// </summary>
    private static async Task<(string File, List<Printed> Expected)> WriteFaultyReportAsync(string directory, List<LedgerEntry> ledger)
    {
        Assert.Equal(
            [("S-05", 729L, 0L), ("S-10", 1_007L, 0L), ("S-15", 2_413L, 0L)],
            ledger.Where(e => e.RequestId is "S-05" or "S-10" or "S-15").Select(e => (e.RequestId, e.FundPayFen, e.AccountPayFen)));
        var lines = new List<string> { CsvHeader };
        foreach (var entry in ledger)
        {
            switch (entry.RequestId)
            {
                case "S-05":
                    continue;
                case "S-10":
                    lines.Add((entry with { FundPayFen = entry.FundPayFen + 1 }).Line());
                    continue;
                case "S-15":
                    lines.Add(entry.Line());
                    lines.Add(entry.Line());
                    continue;
                case "S-03":
                    lines.Add($"\"S-03\",settlement,{Fen(entry.FundPayFen)},{Fen(entry.AccountPayFen)}");
                    continue;
                default:
                    lines.Add(entry.Line());
                    continue;
            }
        }
        lines.Insert(8, "X-01,SETTLEMENT,1234,0");
        var file = Path.Combine(directory, "report.csv");
        await File.WriteAllTextAsync(file, string.Join("\r\n", lines) + "\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        return (file, ExpectedFaults);
    }

    /// <summary>The four discrepancies, amounts in yuan (region fund, region account, clearinghouse fund, clearinghouse account).</summary>
    private static readonly List<Printed> ExpectedFaults =
    [
        new("missing_in_region", "S-05", "settlement", "0.00", "0.00", "7.29", "0.00", "open"),
        new("amount_mismatch", "S-10", "settlement", "10.08", "0.00", "10.07", "0.00", "open"),
        new("duplicate_in_report", "S-15", "settlement", "24.13", "0.00", "24.13", "0.00", "open"),
        new("missing_in_clearinghouse", "X-01", "settlement", "12.34", "0.00", "0.00", "0.00", "open"),
    ];

    /// <summary>The same four in fen, as the CSV export's *_fen columns give them.</summary>
    private static readonly Dictionary<string, (long RegionFund, long RegionAccount, long ClearinghouseFund, long ClearinghouseAccount)> ExpectedFen = new()
    {
        ["S-05"] = (0, 0, 729, 0),
        ["S-10"] = (1_008, 0, 1_007, 0),
        ["S-15"] = (2_413, 0, 2_413, 0),
        ["X-01"] = (1_234, 0, 0, 0),
    };

    private static void CheckCsv(string path, List<Printed> expected, Dictionary<string, string> ids)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.False(bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]), "the CSV has no byte-order mark");
        var records = Rfc4180.Parse(Encoding.UTF8.GetString(bytes));
        Assert.Equal(
            ["discrepancy_id", "care_region_code", "business_date", "kind", "entry_kind", "request_id",
             "region_fund_pay_fen", "region_fund_pay_yuan", "region_account_pay_fen", "region_account_pay_yuan",
             "clearinghouse_fund_pay_fen", "clearinghouse_fund_pay_yuan", "clearinghouse_account_pay_fen", "clearinghouse_account_pay_yuan",
             "status", "reconciliation_id", "resolution", "officer", "note", "resolved_at"],
            records[0]);
        var rows = records.Skip(1).Select(r => records[0].Zip(r).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal)).ToList();
        Assert.Equal(expected.Count, rows.Count);
        foreach (var row in rows)
        {
            var want = Assert.Single(expected, e => e.RequestId == row["request_id"]);
            Assert.Equal(ids[want.RequestId], row["discrepancy_id"]);
            Assert.Equal((Care, DayText, want.Kind, want.EntryKind, want.Status), (row["care_region_code"], row["business_date"], row["kind"], row["entry_kind"], row["status"]));
            Assert.Equal((want.RegionFund, want.RegionAccount, want.ClearinghouseFund, want.ClearinghouseAccount),
                (row["region_fund_pay_yuan"], row["region_account_pay_yuan"], row["clearinghouse_fund_pay_yuan"], row["clearinghouse_account_pay_yuan"]));
            Assert.Equal(ExpectedFen[want.RequestId],
                (Fen(row["region_fund_pay_fen"]), Fen(row["region_account_pay_fen"]), Fen(row["clearinghouse_fund_pay_fen"]), Fen(row["clearinghouse_account_pay_fen"])));
            Assert.Equal(("", "", "", ""), (row["resolution"], row["officer"], row["note"], row["resolved_at"]));
            Assert.False(string.IsNullOrEmpty(row["reconciliation_id"]));
        }
    }

    private static Printed AsPrinted(IReadOnlyDictionary<string, string> d) => new(
        d["kind"], d["request_id"], d["entry_kind"], d["region_fund_yuan"], d["region_account_yuan"], d["clearinghouse_fund_yuan"], d["clearinghouse_account_yuan"], d["status"]);

    private static string Fen(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static long Fen(string text) => long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
