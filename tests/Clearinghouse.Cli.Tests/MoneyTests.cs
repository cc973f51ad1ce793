using System.Globalization;
using Clearinghouse.Cli;
using CsCheck;

namespace Clearinghouse.Cli.Tests;

public sealed class MoneyTests
{
    [Theory]
    [InlineData(0L, "0.00")]
    [InlineData(1L, "0.01")]
    [InlineData(5L, "0.05")]
    [InlineData(10L, "0.10")]
    [InlineData(99L, "0.99")]
    [InlineData(100L, "1.00")]
    [InlineData(123_456L, "1234.56")]
    [InlineData(100_000_000_00L, "100000000.00")]
    [InlineData(-1L, "-0.01")]
    [InlineData(-5L, "-0.05")]
    [InlineData(-100L, "-1.00")]
    [InlineData(-123_456L, "-1234.56")]
    [InlineData(long.MaxValue, "92233720368547758.07")]
    [InlineData(long.MinValue, "-92233720368547758.08")]
    [InlineData(long.MinValue + 1, "-92233720368547758.07")]
    public void Yuan_formats_fen_exactly_with_two_decimals(long fen, string expected) => Assert.Equal(expected, Money.Yuan(fen));

    [Fact]
    public void Yuan_agrees_with_exact_decimal_division_over_the_whole_long_range()
    {
        // decimal holds every long exactly, so fen / 100 in decimal is an independent oracle (test only).
        Gen.Long.Sample(fen =>
            Money.Yuan(fen) == (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture), iter: 20_000);
    }

    [Fact]
    public void Yuan_reads_back_to_the_same_fen()
    {
        Gen.Long.Sample(fen =>
        {
            var text = Money.Yuan(fen);
            var point = text.IndexOf('.', StringComparison.Ordinal);
            return point == text.Length - 3
                && decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * 100m == fen;
        }, iter: 20_000);
    }

    [Theory]
    [InlineData(0, "0.00%")]
    [InlineData(1, "0.01%")]
    [InlineData(50, "0.50%")]
    [InlineData(8333, "83.33%")]
    [InlineData(9999, "99.99%")]
    [InlineData(10_000, "100.00%")]
    [InlineData(-1, "-0.01%")]
    [InlineData(-8333, "-83.33%")]
    [InlineData(int.MaxValue, "21474836.47%")]
    [InlineData(int.MinValue, "-21474836.48%")]
    public void Percent_formats_basis_points_exactly(int basisPoints, string expected) => Assert.Equal(expected, Money.Percent(basisPoints));

    [Fact]
    public void Percent_agrees_with_exact_decimal_division()
    {
        Gen.Int.Sample(bp => Money.Percent(bp) == (bp / 100m).ToString("0.00", CultureInfo.InvariantCulture) + "%", iter: 20_000);
    }

    [Theory]
    [InlineData(1234L, "receives 12.34")]
    [InlineData(-1234L, "pays 12.34")]
    [InlineData(0L, "even")]
    [InlineData(long.MinValue, "pays 92233720368547758.08")]
    public void Net_says_who_pays(long netFen, string expected) => Assert.Equal(expected, Money.Net(netFen));

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("12", 1_200L)]
    [InlineData("12.5", 1_250L)]
    [InlineData("12.05", 1_205L)]
    [InlineData("0.01", 1L)]
    [InlineData("100000000", 10_000_000_000L)]
    [InlineData("100000000.00", 10_000_000_000L)]
    [InlineData("100000000.01", null)]
    [InlineData("999999999", null)]
    [InlineData("1.234", null)]
    [InlineData("1.", null)]
    [InlineData(".5", null)]
    [InlineData("-1", null)]
    [InlineData("+1", null)]
    [InlineData("1,000", null)]
    [InlineData(" 1", null)]
    [InlineData("", null)]
    public void ParseYuan_reads_yuan_with_at_most_two_decimals_into_fen(string text, long? expected) => Assert.Equal(expected, Money.ParseYuan(text));

    [Fact]
    public void ParseYuan_reads_back_what_Yuan_prints()
    {
        foreach (var fen in new[] { 0L, 1, 99, 100, 12_345, Money.MaxInputFen })
        {
            Assert.Equal(fen, Money.ParseYuan(Money.Yuan(fen)));
        }
    }
}
