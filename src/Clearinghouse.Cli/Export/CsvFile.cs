using CsvHelper;

namespace Clearinghouse.Cli.Export;

/// <summary>
/// Writes CSV exports with CsvHelper: UTF-8 without BOM, RFC 4180 (comma separated, every record ended by
/// CRLF, the header first even when there are no rows). A field is quoted when it holds a comma, a double
/// quote, CR or LF, or starts or ends with a space, and its quotes are doubled; nothing else is changed
/// (no formula escaping: amounts such as -1234.56 stay as they are).
/// </summary>
public static class CsvFile
{
    public static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Separator = ',',
        NewLine = "\r\n",
        Quoting = CsvQuoting.WhenNeeded,
        // A space at either end would be trimmed by many readers: quoted, as the export has always done (tabs are not).
        ShouldQuote = (text, _, _, _) => text.Length > 0 && (text[0] == ' ' || text[^1] == ' '),
        Injection = CsvInjection.None,
        WriteByteOrderMark = false,
        ValidateFieldCount = true,
    };

    /// <summary>Writes the whole file under a temporary name, then renames it: a reader never sees half a file. Answers the number of data rows.</summary>
    public static async Task<long> WriteAsync(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var temporary = path + ".tmp";
        long count;
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            count = Write(stream, header, rows);
        }
        File.Move(temporary, path, overwrite: true);
        return count;
    }

    /// <summary>Writes the header and every row to <paramref name="destination"/> (left open); answers the number of data rows.</summary>
    /// <exception cref="ArgumentException">A row's field count differs from the header's.</exception>
    public static long Write(Stream destination, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        Record(csv, header);
        long count = 0;
        foreach (var row in rows)
        {
            if (row.Count != header.Count)
            {
                throw new ArgumentException($"a record has {row.Count} fields, the header {header.Count}", nameof(rows));
            }
            Record(csv, row);
            count++;
        }
        csv.Flush();
        return count;
    }

    private static void Record(CsvWriter csv, IReadOnlyList<string> fields)
    {
        foreach (var field in fields)
        {
            csv.WriteField(field);
        }
        csv.EndRecord();
    }
}
