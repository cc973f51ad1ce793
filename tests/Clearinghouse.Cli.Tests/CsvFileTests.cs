using System.Text;
using Clearinghouse.Cli.Export;

namespace Clearinghouse.Cli.Tests;

/// <summary>The export writer (CsvHelper under the export's options): the bytes every export file has always had.</summary>
public sealed class CsvFileTests
{
    private static string Written(string[] header, params string[][] rows)
    {
        using var bytes = new MemoryStream();
        CsvFile.Write(bytes, header, rows);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("110101", "110101")]
    [InlineData("-1234.56", "-1234.56")]
    [InlineData("=1+1", "=1+1")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    [InlineData("crlf\r\n", "\"crlf\r\n\"")]
    [InlineData(" padded", "\" padded\"")]
    [InlineData("padded ", "\"padded \"")]
    [InlineData("\ttab", "\ttab")]
    [InlineData("in side", "in side")]
    [InlineData("医保", "医保")]
    public void Fields_are_quoted_only_when_needed_and_quotes_doubled(string value, string expected) =>
        Assert.Equal("h,v\r\nx," + expected + "\r\n", Written(["h", "v"], ["x", value]));

    [Fact]
    public void Records_end_with_crlf_and_the_header_comes_first_without_a_byte_order_mark()
    {
        using var bytes = new MemoryStream();
        var rows = CsvFile.Write(bytes, ["a", "b"], [["1", "x,y"], ["", "\"q\""]]);
        Assert.Equal("a,b\r\n1,\"x,y\"\r\n,\"\"\"q\"\"\"\r\n"u8.ToArray(), bytes.ToArray());
        Assert.Equal(2, rows);
    }

    [Fact]
    public void An_empty_file_still_has_its_header() =>
        Assert.Equal("period,amount_fen\r\n", Written(["period", "amount_fen"]));

    [Fact]
    public async Task A_record_with_the_wrong_field_count_is_refused_and_no_file_appears()
    {
        var directory = Directory.CreateTempSubdirectory("clearinghouse-csv-");
        try
        {
            var path = Path.Combine(directory.FullName, "out.csv");
            await Assert.ThrowsAsync<ArgumentException>(() => CsvFile.WriteAsync(path, ["a", "b"], [["1", "2"], ["only one"]]));
            Assert.False(File.Exists(path));
            Assert.Equal(2, await CsvFile.WriteAsync(path, ["a", "b"], [["1", "2"], ["3", "4"]]));
            Assert.Equal("a,b\r\n1,2\r\n3,4\r\n", await File.ReadAllTextAsync(path));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_written_record_parses_back_to_its_fields()
    {
        string[][] records = [["h1", "h2", "h3"], ["plain", "with,comma", "with \"quote\""], ["multi\r\nline", "", " lead"], ["", "", ""]];
        var parsed = Rfc4180.Parse(Written(records[0], [.. records.Skip(1)]));
        Assert.Equal(records.Length, parsed.Count);
        for (var i = 0; i < records.Length; i++)
        {
            Assert.Equal(records[i], parsed[i]);
        }
    }
}
