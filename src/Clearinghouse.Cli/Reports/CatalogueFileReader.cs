using System.Buffers.Binary;
using Clearinghouse.V1;
using Google.Protobuf;

namespace Clearinghouse.Cli.Reports;

/// <summary>
/// A care region's catalogue file (docs/cli.md, "publish-catalogue"), read item by item: UTF-8 (a byte-order mark
/// is skipped), RFC 4180, the header <c>code,name,category,unit,price_limit</c>, then one item per record: a code
/// of ASCII letters, digits, '-', '_' or '.' (each code once), a name, the category A, B or C (or 甲, 乙, 丙), a
/// unit, and the price limit per unit in yuan with at most two decimals, or empty for none. Blank lines may end
/// the file, nowhere else. Anything else is a <see cref="ReportFormatException"/> naming its line, so the file is
/// refused before anything is sent. Also computes the <see cref="Fingerprint"/> of the items read.
/// </summary>
public sealed class CatalogueFileReader(TextReader text)
    : CheckedCsvFile<CatalogueItem>(text, Header, "catalogue", "items", MaxItems)
{
    public static readonly string[] Header = ["code", "name", "category", "unit", "price_limit"];

    /// <summary>The server's bounds (Domain/Limits.cs, CatalogueLimits.cs), checked here so a bad line is named by its line.</summary>
    public const int MaxItems = 1_000_000;
    public const int MaxCodeLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxUnitLength = 16;

    private static readonly System.Buffers.SearchValues<char> CodeChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    private readonly Dictionary<string, long> _lines = new(StringComparer.Ordinal);
    private readonly byte[] _length = new byte[4];

    public static CatalogueFileReader Open(string path) => new(OpenText(path));

    /// <summary>Reads the rest of the file, checking every line; answers the fingerprint and the item count.</summary>
    public (string Fingerprint, long Items) ReadToEnd()
    {
        while (Next() is not null)
        {
        }
        if (Records == 0)
        {
            throw new ReportFormatException(1, "the catalogue holds no items: a catalogue holds at least one");
        }
        return (Fingerprint(), Records);
    }

    public static ItemCategory Category(string text) => text.Trim() switch
    {
        "A" or "a" or "甲" => ItemCategory.A,
        "B" or "b" or "乙" => ItemCategory.B,
        "C" or "c" or "丙" => ItemCategory.C,
        _ => ItemCategory.Unspecified,
    };

    protected override CatalogueItem Parse(CsvRecord record)
    {
        var code = record.Fields[0];
        if (code.Length is 0 or > MaxCodeLength || code.AsSpan().ContainsAnyExcept(CodeChars))
        {
            throw new ReportFormatException(record.Line, $"code must be 1..{MaxCodeLength} ASCII letters, digits, '-', '_' or '.', got '{Shorten(code)}'");
        }
        if (_lines.TryGetValue(code, out var first))
        {
            throw new ReportFormatException(record.Line, $"code '{code}' is also on line {first}: codes are unique within a catalogue");
        }
        var name = record.Fields[1];
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            throw new ReportFormatException(record.Line, $"name must be 1..{MaxNameLength} characters, got '{Shorten(name)}'");
        }
        var category = Category(record.Fields[2]);
        if (category == ItemCategory.Unspecified)
        {
            throw new ReportFormatException(record.Line, $"category must be A, B or C (甲, 乙, 丙), got '{Shorten(record.Fields[2])}'");
        }
        var unit = record.Fields[3];
        if (string.IsNullOrWhiteSpace(unit) || unit.Length > MaxUnitLength)
        {
            throw new ReportFormatException(record.Line, $"unit must be 1..{MaxUnitLength} characters, got '{Shorten(unit)}'");
        }
        var item = new CatalogueItem { Code = code, Name = name, Category = category, Unit = unit };
        var limit = record.Fields[4];
        if (limit.Length > 0)
        {
            item.PriceLimitFen = Money.ParseYuan(limit) is { } fen and > 0
                ? fen
                : throw new ReportFormatException(record.Line, $"price_limit must be yuan within 0.01..{Money.Yuan(Money.MaxInputFen)} with at most two decimals, or empty for none, got '{Shorten(limit)}'");
        }
        _lines.Add(code, record.Line);
        return item;
    }

    /// <summary>Feeds one item to the fingerprint, length-prefixed so that no two item lists encode alike.</summary>
    protected override void Add(CatalogueItem item)
    {
        var bytes = item.ToByteArray();
        BinaryPrimitives.WriteInt32LittleEndian(_length, bytes.Length);
        Hash.AppendData(_length);
        Hash.AppendData(bytes);
    }
}
