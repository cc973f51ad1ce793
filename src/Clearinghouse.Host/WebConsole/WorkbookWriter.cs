using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Clearinghouse.Host.WebConsole;

/// <summary>
/// An Excel workbook (Open XML SDK) of the console's tables: one sheet per table, a bold heading row, money as
/// numbers in yuan with two decimals under a ¥ number format, counts as integers, the rest as text.
/// </summary>
public static class WorkbookWriter
{
    public const int MaxSheets = 16;
    public const int MaxRows = 100_000;

    // Style indexes of the stylesheet below: 0 plain, 1 heading (bold), 2 yuan, 3 integer.
    private const uint Heading = 1, YuanStyle = 2, CountStyle = 3;
    private const uint YuanFormatId = 164;

    public static void Write(ConsoleTables tables, Stream output)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        workbookPart.Workbook = new Workbook();
        var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();
        var sheets = workbookPart.Workbook.AppendChild(new Sheets());
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        uint sheetId = 1;
        foreach (var table in tables.Sheets)
        {
            var part = workbookPart.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.AppendChild(Row(table.Columns.Select(c => TextCell(c.Title, Heading))));
            foreach (var row in table.Rows)
            {
                data.AppendChild(Row(table.Columns.Select((column, i) => Cell(column.Kind, i < row.Count ? row[i] : ""))));
            }
            part.Worksheet = new Worksheet(Columns(table.Columns.Count), data);
            sheets.AppendChild(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = sheetId++, Name = SheetName(table.Name, names) });
        }
        workbookPart.Workbook.Save();
    }

    /// <summary>
    /// Fen (an integer string) as yuan text with two decimals, by integer arithmetic: never through a double, so
    /// 1234567890123 fen is 12345678901.23 exactly. Null when the cell is not an integer.
    /// </summary>
    public static string? Yuan(string fen)
    {
        if (!long.TryParse(fen, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }
        var sign = value < 0 ? "-" : "";
        var magnitude = value < 0 ? -(Int128)value : value;
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{magnitude / 100}.{magnitude % 100:D2}");
    }

    private static Cell Cell(string kind, string value) => kind switch
    {
        "money" when Yuan(value) is { } yuan => new Cell { DataType = CellValues.Number, CellValue = new CellValue(yuan), StyleIndex = YuanStyle },
        "count" when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) =>
            new Cell { DataType = CellValues.Number, CellValue = new CellValue(value), StyleIndex = CountStyle },
        _ => TextCell(value, 0),
    };

    private static Cell TextCell(string text, uint style) =>
        new() { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)), StyleIndex = style };

    private static Row Row(IEnumerable<Cell> cells)
    {
        var row = new Row();
        row.Append(cells);
        return row;
    }

    private static Columns Columns(int count)
    {
        var columns = new Columns();
        columns.AppendChild(new Column { Min = 1, Max = (uint)Math.Max(count, 1), Width = 18, CustomWidth = true });
        return columns;
    }

    /// <summary>Excel's rules: at most 31 characters, none of []:*?/\, unique in the workbook.</summary>
    private static string SheetName(string name, HashSet<string> taken)
    {
        var clean = new string(name.Where(c => !"[]:*?/\\".Contains(c)).ToArray()).Trim();
        clean = clean.Length == 0 ? "Sheet" : clean[..Math.Min(clean.Length, 28)];
        var candidate = clean;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            candidate = $"{clean}{n}";
        }
        return candidate;
    }

    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = YuanFormatId, FormatCode = "\"¥\"#,##0.00;\"¥\"-#,##0.00" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = YuanFormatId, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 1, ApplyNumberFormat = true }) { Count = 4 });
}
