using Clearinghouse.Domain.Accounts;

namespace Clearinghouse.Domain.Tests.Accounts;

public sealed class AccountIdTests
{
    [Theory]
    [InlineData("prepayment:110101", AccountKind.Prepayment, "110101")]
    [InlineData("pooled:110101", AccountKind.Pooled, "110101")]
    [InlineData("serious:110101", AccountKind.SeriousIllness, "110101")]
    [InlineData("assistance:110101", AccountKind.Assistance, "110101")]
    [InlineData("clearing:000000", AccountKind.Clearing, "000000")]
    [InlineData("personal:P-1", AccountKind.Personal, "P-1")]
    public void Every_kind_parses_and_prints_back(string text, AccountKind kind, string owner)
    {
        var id = AccountId.TryParse(text, out var error);
        Assert.Equal((new AccountId(kind, owner), ""), (id, error));
        Assert.Equal(text, id!.Value.ToString());
    }

    [Theory]
    [InlineData("serious:11010", "serious accounts are owned by a region: \"serious:<6-digit region code>\"")]
    [InlineData("assistance:", "assistance accounts are owned by a region: \"assistance:<6-digit region code>\"")]
    [InlineData("savings:110101", "unknown account kind \"savings\": prepayment:<region>, pooled:<region>, serious:<region>, assistance:<region>, clearing:000000 or personal:<person_id>")]
    [InlineData("serious", "an account id is \"<kind>:<owner>\": prepayment:<region>, pooled:<region>, serious:<region>, assistance:<region>, clearing:000000 or personal:<person_id>")]
    public void A_malformed_id_says_why(string text, string expected)
    {
        Assert.Null(AccountId.TryParse(text, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Each_fund_is_an_account_kind_of_its_own()
    {
        Assert.Equal(
            ["pooled:110101", "serious:110101", "assistance:110101"],
            FundKinds.All.Select(f => f.Account("110101").ToString()));
        Assert.All(FundKinds.All, f => Assert.Equal(f, FundKinds.Of(f.AccountKind())));
        Assert.Null(FundKinds.Of(AccountKind.Prepayment));
    }
}
