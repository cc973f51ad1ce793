using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests.ErrorPaths;

/// <summary>
/// A prepayment balance is bounded (10^15 fen): a deposit that would carry it past the bound is refused
/// with FAILED_PRECONDITION and writes nothing, even when each deposit is within its own bound (10^12 fen).
/// </summary>
public sealed class PrepaymentOverflowTests(PrepaymentOverflowTests.Fixture fixture) : IClassFixture<PrepaymentOverflowTests.Fixture>
{
    private const string Region = "260001";
    private const long MaxDepositFen = 1_000_000_000_000;
    private const long MaxBalanceFen = 1_000_000_000_000_000;

    [Fact]
    public async Task A_deposit_past_the_balance_bound_is_refused_and_the_balance_stays_at_the_bound()
    {
        var clearing = fixture.Clearing;
        // 1,000 deposits of the largest amount reach the bound exactly; the grain takes them one at a time.
        var answers = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i => clearing.DepositPrepaymentAsync(
            new DepositPrepaymentRequest { RequestId = $"fill-{i:D4}", RegionCode = Region, AmountFen = MaxDepositFen, BankReference = $"FILL-{i:D4}" }).ResponseAsync));
        Assert.Equal(
            Enumerable.Range(1, 1_000).Select(n => n * MaxDepositFen),
            answers.Select(a => a.BalanceFen).Order());
        Assert.Equal(MaxBalanceFen, (await clearing.GetPrepaymentBalanceAsync(new GetPrepaymentBalanceRequest { RegionCode = Region })).BalanceFen);
        var before = await fixture.Database.CountsAsync();

        var refused = await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => clearing.DepositPrepaymentAsync(
            new DepositPrepaymentRequest { RequestId = "one-more", RegionCode = Region, AmountFen = 1, BankReference = "BANK-REF-1" }));
        Assert.Equal($"region {Region}'s prepayment balance {MaxBalanceFen} fen cannot take another 1 fen", refused.Status.Detail);

        Assert.Equal(before, await fixture.Database.CountsAsync());
        Assert.Equal(MaxBalanceFen, (await clearing.GetPrepaymentBalanceAsync(new GetPrepaymentBalanceRequest { RegionCode = Region })).BalanceFen);
    }

    public sealed class Fixture : ClearinghouseFixture
    {
        protected override Task SeedAsync() => new Scenario(this, "overflow").RegionAsync(Region, "Xiamen Siming");
    }
}
