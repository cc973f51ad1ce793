using System.Text.Json.Serialization;

namespace Clearinghouse.Host.WebConsole;

/// <summary>
/// The tables of a console page as the browser shows them, posted to the export endpoint: one sheet per table.
/// Money cells carry fen as an integer string (the API's own figures, unrounded), so the workbook shows exactly
/// what the page shows.
/// </summary>
public sealed record ConsoleTables(
    [property: JsonPropertyName("fileName")] string FileName,
    [property: JsonPropertyName("sheets")] IReadOnlyList<ConsoleSheet> Sheets);

public sealed record ConsoleSheet(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("columns")] IReadOnlyList<ConsoleColumn> Columns,
    [property: JsonPropertyName("rows")] IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A column's heading and kind: "text", "count" (an integer) or "money" (fen, shown as yuan).</summary>
public sealed record ConsoleColumn(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("kind")] string Kind);
