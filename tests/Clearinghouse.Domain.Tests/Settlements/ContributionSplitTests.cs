using Clearinghouse.Domain.Settlements;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>缴费: employee scheme credits the personal account, the resident scheme only the pooled fund.</summary>
public sealed class ContributionSplitTests
{
    [Fact]
    public void Employee_contribution_credits_the_individual_part_and_the_floored_employer_share_to_the_account()
    {
        // account = 20,000 + floor(100,001 × 3000 / 10000) = 20,000 + floor(30,000.3) = 50,000
        // pooled  = 100,001 + 20,000 − 50,000 = 70,001
        var (account, pooled) = ContributionSplit.Split(Scheme.Employee, 3_000, employerFen: 100_001, individualFen: 20_000);

        Assert.Equal(50_000, account);
        Assert.Equal(70_001, pooled);
    }

    [Fact]
    public void Employee_share_just_below_a_whole_fen_is_floored_to_the_pooled_fund()
    {
        // floor(3 × 3333 / 10000) = floor(0.9999) = 0: the whole employer part is pooled.
        var (account, pooled) = ContributionSplit.Split(Scheme.Employee, 3_333, employerFen: 3, individualFen: 7);

        Assert.Equal(7, account);
        Assert.Equal(3, pooled);
    }

    [Theory]
    [InlineData(0, 0, 1_000_000)]              // no employer share: only the individual part
    [InlineData(10_000, 1_000_000, 0)]         // everything to the account
    public void Employee_share_at_the_ends_of_the_range(int bp, long expectedAccountFromEmployer, long expectedPooled)
    {
        var (account, pooled) = ContributionSplit.Split(Scheme.Employee, bp, employerFen: 1_000_000, individualFen: 200_000);

        Assert.Equal(200_000 + expectedAccountFromEmployer, account);
        Assert.Equal(expectedPooled, pooled);
    }

    [Theory]
    // floor(10^10 × 3333 / 10^4) = 3,333,000,000; account 10^10 + 3,333,000,000; pooled 10^10 − 3,333,000,000.
    [InlineData(10_000_000_000, 10_000_000_000, 13_333_000_000, 6_667_000_000)]
    // 9,999,999,999 × 3333 = 33,329,999,996,667; / 10^4 = 3,332,999,999.6667, floored; pooled 9,999,999,999 − 3,332,999,999.
    [InlineData(9_999_999_999, 0, 3_332_999_999, 6_667_000_000)]
    public void Employee_contribution_at_the_amount_limit(long employerFen, long individualFen, long expectedAccount, long expectedPooled)
    {
        Assert.Equal(10_000_000_000, Limits.MaxAmountFen);

        var (account, pooled) = ContributionSplit.Split(Scheme.Employee, 3_333, employerFen, individualFen);

        Assert.Equal((expectedAccount, expectedPooled), (account, pooled));
    }

    [Fact]
    public void Resident_contribution_goes_entirely_to_the_pooled_fund()
    {
        var (account, pooled) = ContributionSplit.Split(Scheme.Resident, 0, employerFen: 30_000, individualFen: 38_000);

        Assert.Equal(0, account);
        Assert.Equal(68_000, pooled);
    }

    [Fact]
    public void Negative_contribution_part_is_an_invariant_violation()
    {
        Assert.Throws<InvariantViolationException>(() => ContributionSplit.Split(Scheme.Employee, 3_000, -1, 0));
        Assert.Throws<InvariantViolationException>(() => ContributionSplit.Split(Scheme.Employee, 3_000, 0, -1));
    }

    [Fact]
    public void Account_plus_pooled_always_equals_employer_plus_individual()
    {
        Gen.Select(Gen.Enum<Scheme>(), Gen.Int[0, 10_000], Gen.Long[0, Limits.MaxAmountFen], Gen.Long[0, Limits.MaxAmountFen])
            .Sample((scheme, bp, employer, individual) =>
            {
                var (account, pooled) = ContributionSplit.Split(scheme, bp, employer, individual);

                Assert.Equal(employer + individual, account + pooled);
                Assert.True(account >= 0 && pooled >= 0, $"negative part: account {account}, pooled {pooled}");
                // Decimal oracle: exact at these magnitudes (10^10 × 10^4), floored by the runtime.
                var expectedAccount = scheme == Scheme.Employee
                    ? individual + (long)Math.Floor((decimal)employer * bp / 10_000m)
                    : 0;
                Assert.Equal(expectedAccount, account);
            }, iter: 10_000);
    }

    [Fact]
    public void The_serious_illness_share_comes_out_of_the_pooled_part_floored()
    {
        // E 80,005, I 20,000, 3,000 bp to the account: account 44,001, pooled part 56,004;
        // serious illness floor(56,004 × 1,000 / 10,000) = floor(5,600.4) = 5,600; pooled 50,404.
        var (account, pooled, seriousIllness) = ContributionSplit.Split(Scheme.Employee, 3_000, 1_000, employerFen: 80_005, individualFen: 20_000);

        Assert.Equal((44_001, 50_404, 5_600), (account, pooled, seriousIllness));
        // The resident scheme's whole contribution is its pooled part.
        Assert.Equal((0L, 61_200L, 6_800L), ContributionSplit.Split(Scheme.Resident, 0, 1_000, employerFen: 30_000, individualFen: 38_000));
    }

    [Fact]
    public void The_three_parts_always_sum_to_the_contribution()
    {
        Gen.Select(Gen.Enum<Scheme>(), Gen.Int[0, 10_000], Gen.Int[0, 10_000], Gen.Long[0, Limits.MaxAmountFen], Gen.Long[0, Limits.MaxAmountFen])
            .Sample((scheme, toAccount, share, employer, individual) =>
            {
                var (account, pooled, seriousIllness) = ContributionSplit.Split(scheme, toAccount, share, employer, individual);
                var (accountWithout, pooledWithout) = ContributionSplit.Split(scheme, toAccount, employer, individual);

                Assert.Equal(employer + individual, account + pooled + seriousIllness);
                Assert.Equal(accountWithout, account);
                Assert.Equal((long)Math.Floor((decimal)pooledWithout * share / 10_000m), seriousIllness);
            }, iter: 10_000);
    }
}
