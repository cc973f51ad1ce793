using Clearinghouse.Domain.Reconciliation;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Reconciliation;

/// <summary>What a generated report does with one key.</summary>
public enum Fate
{
    Agrees,
    MissingInReport,
    OtherAmounts,
    Duplicated,
    DuplicatedWithOtherAmounts,
    OnlyInReport,
    OnlyInReportDuplicated,
}

public sealed record ReportLine(string RequestId, EntryKind Kind, EntryAmounts Amounts);

/// <summary>A generated reconciliation day: the ledger's entries, the report's lines (shuffled), and each key's fate.</summary>
public sealed record ReportDay(
    IReadOnlyList<(string RequestId, EntryKind Kind, EntryAmounts Amounts)> Ledger,
    IReadOnlyList<ReportLine> Lines,
    IReadOnlyDictionary<(string, EntryKind), Fate> Fates)
{
    public override string ToString() => $"ledger {Ledger.Count}, lines {Lines.Count}: " +
        string.Join(", ", Fates.Select(f => $"{f.Key.Item1}/{f.Key.Item2}={f.Value}"));

    /// <summary>
    /// The outer join the store computes (DailyReportStaging's SQL), written again over lists: one entry per
    /// key of either side, the report side carrying its first line's amounts and its line count.
    /// </summary>
    public IEnumerable<ComparedEntry> Join()
    {
        var report = Lines
            .Select((line, index) => (line, index))
            .GroupBy(x => (x.line.RequestId, x.line.Kind))
            .ToDictionary(g => g.Key, g => (First: g.OrderBy(x => x.index).First().line.Amounts, Count: g.Count()));
        var ledger = Ledger.ToDictionary(l => (l.RequestId, l.Kind), l => l.Amounts);
        foreach (var key in report.Keys.Union(ledger.Keys))
        {
            var inReport = report.TryGetValue(key, out var r);
            var inLedger = ledger.TryGetValue(key, out var l);
            yield return new ComparedEntry(key.RequestId, key.Kind, inReport ? r.Count : 0, inReport ? r.First : null, inLedger ? l : null);
        }
    }
}

public static class ReportDays
{
    private static readonly Gen<EntryAmounts> Amounts =
        Gen.Select(Gen.Long[0, 50], Gen.Long[0, 50], (fund, account) => new EntryAmounts(fund, account));

    private static readonly Gen<Fate> AnyFate = Gen.Frequency(
        (8, Gen.Const(Fate.Agrees)), (1, Gen.Const(Fate.MissingInReport)), (1, Gen.Const(Fate.OtherAmounts)),
        (1, Gen.Const(Fate.Duplicated)), (1, Gen.Const(Fate.DuplicatedWithOtherAmounts)),
        (1, Gen.Const(Fate.OnlyInReport)), (1, Gen.Const(Fate.OnlyInReportDuplicated)));

    private static readonly Gen<(EntryKind Kind, EntryAmounts Amounts, Fate Fate, int Copies, long Shift)> Key =
        Gen.Select(Gen.Int[1, 2], Amounts, AnyFate, Gen.Int[2, 4], Gen.Long[1, 9],
            (kind, amounts, fate, copies, shift) => ((EntryKind)kind, amounts, fate, copies, shift));

    /// <summary>0..60 keys (two keys may share a request id with different kinds), lines shuffled by a seed.</summary>
    public static readonly Gen<ReportDay> Day = Gen.Select(Key.List[0, 60], Gen.Int, (keys, seed) =>
    {
        var ledger = new List<(string, EntryKind, EntryAmounts)>();
        var lines = new List<ReportLine>();
        var fates = new Dictionary<(string, EntryKind), Fate>();
        for (var i = 0; i < keys.Count; i++)
        {
            var (kind, amounts, fate, copies, shift) = keys[i];
            // Every other key reuses the previous key's request id: kinds must keep them apart.
            var requestId = $"R{i / 2}";
            if (!fates.TryAdd((requestId, kind), fate))
            {
                continue;
            }
            var other = amounts with { FundPayFen = amounts.FundPayFen + shift };
            if (fate is not (Fate.OnlyInReport or Fate.OnlyInReportDuplicated))
            {
                ledger.Add((requestId, kind, amounts));
            }
            var reported = fate switch
            {
                Fate.MissingInReport => [],
                Fate.OtherAmounts => [other],
                Fate.Duplicated or Fate.OnlyInReportDuplicated => Enumerable.Repeat(amounts, copies).ToArray(),
                // The first line is the one compared; the copies agree with the ledger.
                Fate.DuplicatedWithOtherAmounts => [other, .. Enumerable.Repeat(amounts, copies - 1)],
                _ => new[] { amounts },
            };
            lines.AddRange(reported.Select(a => new ReportLine(requestId, kind, a)));
        }
        // Shuffle, keeping each key's first line first: the "first line" is a report-order notion.
        var random = new Random(seed);
        var shuffled = lines.Select((line, index) => (line, order: random.Next())).ToList();
        var firsts = lines.Select((line, index) => (line, index)).GroupBy(x => (x.line.RequestId, x.line.Kind)).Select(g => g.First().index).ToHashSet();
        var ordered = shuffled.Select((x, index) => (x.line, index, x.order))
            .OrderBy(x => firsts.Contains(x.index) ? -1 : 0).ThenBy(x => x.order).Select(x => x.line).ToList();
        return new ReportDay(ledger, ordered, fates);
    });
}
