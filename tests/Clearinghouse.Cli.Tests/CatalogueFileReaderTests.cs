using Clearinghouse.Cli.Reports;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Tests;

/// <summary>The catalogue file: header, categories, yuan price limits, unique codes; every fault names its line.</summary>
public sealed class CatalogueFileReaderTests
{
    private const string Header = "code,name,category,unit,price_limit\r\n";

    private static List<CatalogueItem> ReadAll(string text)
    {
        using var file = new CatalogueFileReader(new StringReader(text));
        var items = new List<CatalogueItem>();
        while (file.Next() is { } item)
        {
            items.Add(item);
        }
        return items;
    }

    private static ReportFormatException Refused(string text) =>
        Assert.Throws<ReportFormatException>(() =>
        {
            using var file = new CatalogueFileReader(new StringReader(text));
            file.ReadToEnd();
        });

    private static CatalogueItem Item(string code, string name, ItemCategory category, string unit, long? limitFen)
    {
        var item = new CatalogueItem { Code = code, Name = name, Category = category, Unit = unit };
        if (limitFen is { } fen)
        {
            item.PriceLimitFen = fen;
        }
        return item;
    }

    [Fact]
    public void Items_are_read_in_order_with_limits_in_yuan_and_categories_in_either_script()
    {
        var items = ReadAll(Header + "A001,阿司匹林肠溶片,A,盒,12.5\r\nB-2,\"CT, head\",乙,次,300\r\nC.3,Vitamin,c,瓶,\r\nD_4,Max,B,支,100000000.00\r\n");
        Assert.Equal(
            [
                Item("A001", "阿司匹林肠溶片", ItemCategory.A, "盒", 1_250),
                Item("B-2", "CT, head", ItemCategory.B, "次", 30_000),
                Item("C.3", "Vitamin", ItemCategory.C, "瓶", null),
                Item("D_4", "Max", ItemCategory.B, "支", 10_000_000_000),
            ],
            items);
    }

    [Theory]
    [InlineData("", 1, "the file is empty")]
    [InlineData("code,name,category,unit\r\n", 1, "the header must be code,name,category,unit,price_limit")]
    [InlineData(Header, 1, "the catalogue holds no items")]
    [InlineData(Header + "A 1,n,A,盒,\r\n", 2, "code must be 1..64")]
    [InlineData(Header + "A1,,A,盒,\r\n", 2, "name must be 1..200 characters")]
    [InlineData(Header + "A1,n,D,盒,\r\n", 2, "category must be A, B or C")]
    [InlineData(Header + "A1,n,A,,\r\n", 2, "unit must be 1..16 characters")]
    [InlineData(Header + "A1,n,A,盒,0\r\n", 2, "price_limit must be yuan")]
    [InlineData(Header + "A1,n,A,盒,1.234\r\n", 2, "price_limit must be yuan")]
    [InlineData(Header + "A1,n,A,盒,-1\r\n", 2, "price_limit must be yuan")]
    [InlineData(Header + "A1,n,A,盒,100000000.01\r\n", 2, "price_limit must be yuan")]
    [InlineData(Header + "A1,n,A,盒\r\n", 2, "4 fields, expected 5")]
    [InlineData(Header + "A1,n,A,盒,\r\nB2,n,B,次,\r\nA1,m,C,支,\r\n", 4, "code 'A1' is also on line 2")]
    [InlineData(Header + "A1,n,A,盒,\r\n\r\nB2,n,B,次,\r\n", 3, "a blank line inside the catalogue")]
    public void A_fault_names_its_line(string text, long line, string what)
    {
        var refused = Refused(text);
        Assert.Equal(line, refused.Line);
        Assert.StartsWith(what, refused.What, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fingerprint_follows_the_items_not_the_file_s_bytes()
    {
        static string Of(string text)
        {
            using var file = new CatalogueFileReader(new StringReader(text));
            return file.ReadToEnd().Fingerprint;
        }

        var plain = Of(Header + "A1,n,A,盒,1.50\r\n");
        Assert.Equal(plain, Of("\uFEFF" + Header.ToUpperInvariant() + "\"A1\",n,A,盒,1.5\n\n"));
        Assert.NotEqual(plain, Of(Header + "A1,n,A,盒,1.51\r\n"));
    }
}
