using Clearinghouse.Domain.Clearing;

namespace Clearinghouse.Domain.Tests.Accounts;

public sealed class TransferIdTests
{
    [Theory]
    [InlineData("2026-11", 0, "2026-11/001")]
    [InlineData("2026-11", 41, "2026-11/042")]
    [InlineData("2027-01", 1_234, "2027-01/1235")]
    public void A_transfer_id_is_its_period_and_position_from_one_and_reads_back(string period, int index, string id)
    {
        Assert.Equal(id, TransferIds.Of(period, index));
        Assert.Equal((period, index), TransferIds.TryParse(id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-11")]
    [InlineData("2026-11/")]
    [InlineData("2026-11/000")]
    [InlineData("2026-11/01")]
    [InlineData("2026-11/0001")]
    [InlineData("2026-13/001")]
    [InlineData("2026-11/00a")]
    [InlineData("2026-11/+01")]
    [InlineData("2026-11/001/1")]
    public void Anything_else_is_not_a_transfer_id(string text) => Assert.Null(TransferIds.TryParse(text));
}
