using System.Text;

namespace Clearinghouse.Cli.Export;

/// <summary>Writes a whole CSV file (UTF-8 without BOM) under a temporary name, then renames it: a reader never sees half a file.</summary>
public static class CsvFile
{
    /// <summary>Writes the header and every row; answers the number of data rows.</summary>
    public static async Task<long> WriteAsync(string path, string[] header, IEnumerable<string[]> rows)
    {
        var temporary = path + ".tmp";
        long count;
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        await using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            var csv = new CsvWriter(writer, header);
            foreach (var row in rows)
            {
                csv.WriteRow(row);
            }
            csv.Finish();
            count = csv.Rows;
        }
        File.Move(temporary, path, overwrite: true);
        return count;
    }
}
