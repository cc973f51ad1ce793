using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
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
public sealed class CatalogueFileReader : IDisposable
{
    public static readonly string[] Header = ["code", "name", "category", "unit", "price_limit"];

    /// <summary>The server's bounds (Domain/Limits.cs, CatalogueLimits.cs), checked here so a bad line is named by its line.</summary>
    public const int MaxItems = 1_000_000;
    public const int MaxCodeLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxUnitLength = 16;

    private readonly ReportRecords _records;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Dictionary<string, long> _lines = new(StringComparer.Ordinal);
    private readonly byte[] _length = new byte[4];
    private bool _headerRead;
    private long _blankLine;

    public CatalogueFileReader(TextReader text)
    {
        _records = new ReportRecords(text);
    }

    /// <summary>The file as strict UTF-8: an invalid byte is an error, not a replacement character.</summary>
    public static CatalogueFileReader Open(string path) =>
        new(new StreamReader(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false));

    /// <summary>Items read so far.</summary>
    public int Items => _lines.Count;

    /// <summary>The next item, or null at the end of the file.</summary>
    public CatalogueItem? Next()
    {
        if (!_headerRead)
        {
            ReadHeader();
        }
        while (NextRecord() is { } record)
        {
            if (record.IsBlank)
            {
                _blankLine = _blankLine == 0 ? record.Line : _blankLine;
                continue;
            }
            if (_blankLine != 0)
            {
                throw new ReportFormatException(_blankLine, "a blank line inside the catalogue (blank lines may only end the file)");
            }
            if (_lines.Count == MaxItems)
            {
                throw new ReportFormatException(record.Line, $"a catalogue holds at most {MaxItems} items");
            }
            var item = Item(record);
            if (!_lines.TryAdd(item.Code, record.Line))
            {
                throw new ReportFormatException(record.Line, $"code '{item.Code}' is also on line {_lines[item.Code]}: codes are unique within a catalogue");
            }
            Add(item);
            return item;
        }
        return null;
    }

    /// <summary>SHA-256 over the items read so far (not the file's bytes), first 16 hex digits.</summary>
    public string Fingerprint() => Convert.ToHexStringLower(_hash.GetCurrentHash())[..16];

    /// <summary>Reads the rest of the file, checking every line; answers the fingerprint and the item count.</summary>
    public (string Fingerprint, int Items) ReadToEnd()
    {
        while (Next() is not null)
        {
        }
        if (_lines.Count == 0)
        {
            throw new ReportFormatException(1, "the catalogue holds no items: a catalogue holds at least one");
        }
        return (Fingerprint(), _lines.Count);
    }

    public static ItemCategory Category(string text) => text.Trim() switch
    {
        "A" or "a" or "甲" => ItemCategory.A,
        "B" or "b" or "乙" => ItemCategory.B,
        "C" or "c" or "丙" => ItemCategory.C,
        _ => ItemCategory.Unspecified,
    };

    private void ReadHeader()
    {
        _headerRead = true;
        var header = NextRecord() ?? throw new ReportFormatException(1, $"the file is empty: the header {string.Join(',', Header)} is missing");
        if (header.Fields.Count != Header.Length || !header.Fields.Zip(Header).All(f => f.First.Equals(f.Second, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ReportFormatException(header.Line, $"the header must be {string.Join(',', Header)}, got '{Shorten(string.Join(',', header.Fields))}'");
        }
    }

    private CsvRecord? NextRecord()
    {
        try
        {
            return _records.Next();
        }
        catch (DecoderFallbackException)
        {
            throw new ReportFormatException(Math.Max(1, _lines.Count + 1), "the file is not valid UTF-8 (at this line or a later one)");
        }
    }

    private static CatalogueItem Item(CsvRecord record)
    {
        if (record.Fields.Count != Header.Length)
        {
            throw new ReportFormatException(record.Line, $"{record.Fields.Count} fields, expected {Header.Length} ({string.Join(',', Header)})");
        }
        var code = record.Fields[0];
        if (code.Length is 0 or > MaxCodeLength || code.AsSpan().ContainsAnyExcept(CodeChars))
        {
            throw new ReportFormatException(record.Line, $"code must be 1..{MaxCodeLength} ASCII letters, digits, '-', '_' or '.', got '{Shorten(code)}'");
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
        return item;
    }

    /// <summary>Feeds one item to the fingerprint, length-prefixed so that no two item lists encode alike.</summary>
    private void Add(CatalogueItem item)
    {
        var bytes = item.ToByteArray();
        BinaryPrimitives.WriteInt32LittleEndian(_length, bytes.Length);
        _hash.AppendData(_length);
        _hash.AppendData(bytes);
    }

    private static readonly System.Buffers.SearchValues<char> CodeChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    public void Dispose()
    {
        _hash.Dispose();
        _records.Dispose();
    }
}
