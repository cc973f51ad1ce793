using Clearinghouse.Domain.Settlements;
using static Clearinghouse.Domain.Tests.Support.TestPolicies;
using static Clearinghouse.Domain.Tests.Support.Visits;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>个人账户: pays the patient share, up to its balance, when the request asks for it.</summary>
public sealed class PersonalAccountExamples
{
    // Level 2 outpatient, deductible all used already this year, A 30,001:
    //   fund = floor(30,001 × 5000 / 10000) = floor(15,000.5) = 15,000; patient share = 15,001.
    private static readonly VisitFacts Visit = Outpatient(A(30_001)) with { UsePersonalAccount = true };

    private static YearToDate Balance(long fen) => new(FundPaidFen: 0, OutpatientDeductibleUsedFen: 100_000, AccountBalanceFen: fen);

    [Fact]
    public void Account_partly_covers_the_patient_share_and_the_rest_is_cash()
    {
        // account = min(15,001, 12,345) = 12,345; cash = 15,001 − 12,345 = 2,656
        var b = SettlementCalculator.Calculate(Employee, OutpatientLevel2, Visit, Balance(12_345));

        Assert.Equal(new SettlementBreakdown(30_001, 0, 0, 30_001, 0, 5_000, 15_000, 12_345, 2_656), b);
    }

    [Fact]
    public void Account_with_enough_balance_covers_the_whole_patient_share()
    {
        // account = min(15,001, 1,000,000) = 15,001; cash 0
        var b = SettlementCalculator.Calculate(Employee, OutpatientLevel2, Visit, Balance(1_000_000));

        Assert.Equal(new SettlementBreakdown(30_001, 0, 0, 30_001, 0, 5_000, 15_000, 15_001, 0), b);
    }

    [Fact]
    public void Account_balance_exactly_the_patient_share_is_emptied()
    {
        var b = SettlementCalculator.Calculate(Employee, OutpatientLevel2, Visit, Balance(15_001));

        Assert.Equal(15_001, b.AccountPayFen);
        Assert.Equal(0, b.CashPayFen);
    }

    [Fact]
    public void Account_not_used_when_the_request_does_not_ask()
    {
        // use_personal_account = false: account 0 whatever the balance; cash = patient share 15,001.
        var b = SettlementCalculator.Calculate(
            Employee, OutpatientLevel2, Visit with { UsePersonalAccount = false }, Balance(1_000_000));

        Assert.Equal(new SettlementBreakdown(30_001, 0, 0, 30_001, 0, 5_000, 15_000, 0, 15_001), b);
    }

    [Fact]
    public void Empty_account_pays_nothing()
    {
        var b = SettlementCalculator.Calculate(Employee, OutpatientLevel2, Visit, Balance(0));

        Assert.Equal(0, b.AccountPayFen);
        Assert.Equal(15_001, b.CashPayFen);
    }

    [Fact]
    public void Account_pays_category_C_and_the_B_copay_too()
    {
        // The patient share is everything the fund did not pay: here C 7,000 + copayB + deductible + the rest.
        //   A 0, B 20,000 (copay 10% = 2,000), C 7,000; total 27,000; eligible 18,000
        //   deductible left 100,000 − 95,000 = 5,000; fund = floor(13,000 × 0.5) = 6,500
        //   patient share 27,000 − 6,500 = 20,500; balance 20,000 → account 20,000, cash 500
        var visit = Outpatient(B(20_000), C(7_000)) with { UsePersonalAccount = true };
        var ytd = new YearToDate(FundPaidFen: 0, OutpatientDeductibleUsedFen: 95_000, AccountBalanceFen: 20_000);

        var b = SettlementCalculator.Calculate(Employee, OutpatientLevel2, visit, ytd);

        Assert.Equal(new SettlementBreakdown(27_000, 7_000, 2_000, 18_000, 5_000, 5_000, 6_500, 20_000, 500), b);
    }
}
