using System.Globalization;

namespace Clearinghouse.Domain.Supervision;

/// <summary>What an evidence figure measures, so that an auditor (and a later JSON form) can read it without the rule.</summary>
public enum EvidenceUnit
{
    Fen = 1,
    Count = 2,
    Days = 3,
    Quantity = 4,
    BasisPoints = 5,
    Date = 6,
    Code = 7,
}

/// <summary>
/// One named figure of a finding's evidence: a whole number (fen, count, days, quantity, basis points), a date or a
/// code (an item, region, hospital or diagnosis code). A finding's evidence is an ordered list of these, the same
/// shape for every rule, so that it stores as one JSON array.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.evidence_item.v1")]
public sealed record EvidenceItem(
    [property: Id(0)] string Name,
    [property: Id(1)] EvidenceUnit Unit,
    [property: Id(2)] long Number = 0,
    [property: Id(3)] DateOnly? Date = null,
    [property: Id(4)] string? Text = null)
{
    public static EvidenceItem Fen(string name, long fen) => new(name, EvidenceUnit.Fen, fen);

    public static EvidenceItem Count(string name, long count) => new(name, EvidenceUnit.Count, count);

    public static EvidenceItem Days(string name, long days) => new(name, EvidenceUnit.Days, days);

    public static EvidenceItem Quantity(string name, long quantity) => new(name, EvidenceUnit.Quantity, quantity);

    public static EvidenceItem BasisPoints(string name, long bp) => new(name, EvidenceUnit.BasisPoints, bp);

    public static EvidenceItem On(string name, DateOnly date) => new(name, EvidenceUnit.Date, Date: date);

    public static EvidenceItem Code(string name, string code) => new(name, EvidenceUnit.Code, Text: code);

    public override string ToString() => Unit switch
    {
        EvidenceUnit.Date => $"{Name}={Date!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
        EvidenceUnit.Code => $"{Name}={Text}",
        EvidenceUnit.Fen => $"{Name}={Number} fen",
        EvidenceUnit.Days => $"{Name}={Number} days",
        EvidenceUnit.BasisPoints => $"{Name}={Number} bp",
        _ => $"{Name}={Number}",
    };
}
