using Clearinghouse.Cli.Export;

namespace Clearinghouse.Cli.Tests;

public sealed class CsvWriterTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("110101", "110101")]
    [InlineData("-1234.56", "-1234.56")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    [InlineData("crlf\r\n", "\"crlf\r\n\"")]
    [InlineData(" padded", "\" padded\"")]
    [InlineData("padded ", "\"padded \"")]
    [InlineData("in side", "in side")]
    [InlineData("医保", "医保")]
    public void Fields_are_quoted_only_when_needed_and_quotes_doubled(string value, string expected) =>
        Assert.Equal(expected, CsvWriter.Field(value));

    [Fact]
    public void Records_end_with_crlf_and_the_header_comes_first()
    {
        var text = new StringWriter();
        var csv = new CsvWriter(text, ["a", "b"]);
        csv.WriteRow(["1", "x,y"]);
        csv.WriteRow(["", "\"q\""]);
        csv.Finish();
        Assert.Equal("a,b\r\n1,\"x,y\"\r\n,\"\"\"q\"\"\"\r\n", text.ToString());
        Assert.Equal(2, csv.Rows);
    }

    [Fact]
    public void An_empty_file_still_has_its_header()
    {
        var text = new StringWriter();
        var csv = new CsvWriter(text, ["period", "amount_fen"]);
        csv.Finish();
        csv.Finish();
        Assert.Equal("period,amount_fen\r\n", text.ToString());
        Assert.Equal(0, csv.Rows);
    }

    [Fact]
    public void A_record_with_the_wrong_field_count_is_refused_and_nothing_is_written()
    {
        var text = new StringWriter();
        var csv = new CsvWriter(text, ["a", "b"]);
        Assert.Throws<ArgumentException>(() => csv.WriteRow(["only one"]));
        Assert.Equal("", text.ToString());
        Assert.Equal(0, csv.Rows);
    }

    [Fact]
    public void Every_written_record_parses_back_to_its_fields()
    {
        string[][] records = [["h1", "h2", "h3"], ["plain", "with,comma", "with \"quote\""], ["multi\r\nline", "", " lead"], ["", "", ""]];
        var text = new StringWriter();
        var csv = new CsvWriter(text, records[0]);
        foreach (var record in records.Skip(1))
        {
            csv.WriteRow(record);
        }
        csv.Finish();
        var parsed = Rfc4180.Parse(text.ToString());
        Assert.Equal(records.Length, parsed.Count);
        for (var i = 0; i < records.Length; i++)
        {
            Assert.Equal(records[i], parsed[i]);
        }
    }
}
