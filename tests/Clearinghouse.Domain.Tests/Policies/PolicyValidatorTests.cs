using System.Collections.Immutable;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Tests.Support;
using static Clearinghouse.Domain.Tests.Support.TestPolicies;

namespace Clearinghouse.Domain.Tests.Policies;

/// <summary>A policy is checked field by field before it is published; each bad field is INVALID_ARGUMENT.</summary>
public sealed class PolicyValidatorTests
{
    private static Policy EmployeeWith(Func<SchemePolicy, SchemePolicy> change) => TestPolicies.Of(change(Employee));

    private static Policy EmployeeWithRule(Func<BenefitRule, BenefitRule> change) =>
        EmployeeWith(s => s with { Rules = s.Rules.SetItem(0, change(s.Rules[0])) });

    /// <summary>Each invalid policy, with the field its message must name.</summary>
    private static readonly Dictionary<string, (Func<Policy> Policy, string Field)> Invalid = new()
    {
        ["copay bp −1"] = (() => EmployeeWith(s => s with { CategoryBCopayBp = -1 }), "category_b_copay_bp"),
        ["copay bp 10001"] = (() => EmployeeWith(s => s with { CategoryBCopayBp = 10_001 }), "category_b_copay_bp"),
        ["retired bonus bp −1"] = (() => EmployeeWith(s => s with { RetiredBonusBp = -1 }), "retired_bonus_bp"),
        ["retired bonus bp 10001"] = (() => EmployeeWith(s => s with { RetiredBonusBp = 10_001 }), "retired_bonus_bp"),
        ["unregistered reduction bp −1"] = (() => EmployeeWith(s => s with { UnregisteredReductionBp = -1 }), "unregistered_reduction_bp"),
        ["unregistered reduction bp 10001"] = (() => EmployeeWith(s => s with { UnregisteredReductionBp = 10_001 }), "unregistered_reduction_bp"),
        ["employer to account bp −1"] = (() => EmployeeWith(s => s with { EmployerToAccountBp = -1 }), "employer_to_account_bp"),
        ["employer to account bp 10001"] = (() => EmployeeWith(s => s with { EmployerToAccountBp = 10_001 }), "employer_to_account_bp"),
        ["rule ratio bp −1"] = (() => EmployeeWithRule(r => r with { RatioBp = -1 }), "ratio_bp"),
        ["rule ratio bp 10001"] = (() => EmployeeWithRule(r => r with { RatioBp = 10_001 }), "ratio_bp"),
        ["negative annual cap"] = (() => EmployeeWith(s => s with { AnnualCapFen = -1 }), "annual_cap_fen"),
        ["annual cap above the limit"] = (() => EmployeeWith(s => s with { AnnualCapFen = Limits.MaxAmountFen + 1 }), "annual_cap_fen"),
        ["negative deductible"] = (() => EmployeeWithRule(r => r with { DeductibleFen = -1 }), "deductible_fen"),
        ["deductible above the limit"] = (() => EmployeeWithRule(r => r with { DeductibleFen = Limits.MaxAmountFen + 1 }), "deductible_fen"),
        ["hospital level 0"] = (() => EmployeeWithRule(r => r with { HospitalLevel = 0 }), "hospital_level"),
        ["hospital level 4"] = (() => EmployeeWithRule(r => r with { HospitalLevel = 4 }), "hospital_level"),
        ["unknown visit type"] = (() => EmployeeWithRule(r => r with { VisitType = (VisitType)0 }), "visit_type"),
        ["duplicate rule"] = (() => EmployeeWith(s => s with { Rules = s.Rules.Add(s.Rules[0] with { RatioBp = 1 }) }), "more than one rule"),
        ["empty rules"] = (() => EmployeeWith(s => s with { Rules = ImmutableArray<BenefitRule>.Empty }), "rules must not be empty"),
        ["default rules"] = (() => EmployeeWith(s => s with { Rules = default }), "rules must not be empty"),
        ["duplicate scheme"] = (() => TestPolicies.Of(Employee, Resident, Employee with { AnnualCapFen = 1 }), "more than once"),
        ["unknown scheme"] = (() => TestPolicies.Of(Employee with { Scheme = (Scheme)99 }), "EMPLOYEE or RESIDENT"),
        ["no schemes"] = (() => new Policy(ImmutableArray<SchemePolicy>.Empty), "at least one scheme"),
        ["default schemes"] = (() => new Policy(default), "at least one scheme"),
        ["resident with employer to account bp 1"] = (() => TestPolicies.Of(Resident with { EmployerToAccountBp = 1 }), "no personal account"),
        ["resident with employer to account bp 3000"] = (() => TestPolicies.Of(Employee, Resident with { EmployerToAccountBp = 3_000 }), "no personal account"),
        ["bad rule in the second scheme"] = (() => TestPolicies.Of(Employee, Resident with { Rules = [new BenefitRule(VisitType.Inpatient, 2, -5, 7_000)] }), "deductible_fen"),
    };

    public static TheoryData<string> InvalidCases => new(Invalid.Keys);

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Invalid_policy_is_rejected_with_InvalidArgument(string @case)
    {
        var (policy, field) = Invalid[@case];

        var rejected = Assert.Throws<RejectedException>(() => PolicyValidator.Validate(policy()));

        Assert.Equal(RejectionCode.InvalidArgument, rejected.Code);
        Assert.Contains(field, rejected.Message, StringComparison.Ordinal);
    }

    /// <summary>Validate returns normally for a valid policy; an exception here names the field it disliked.</summary>
    private static void AssertAccepted(Policy policy)
    {
        var error = Record.Exception(() => PolicyValidator.Validate(policy));
        Assert.True(error is null, $"valid policy rejected: {error?.Message}");
    }

    private static void AssertRejected(Policy policy, string field)
    {
        var rejected = Assert.Throws<RejectedException>(() => PolicyValidator.Validate(policy));
        Assert.Equal(RejectionCode.InvalidArgument, rejected.Code);
        Assert.Contains(field, rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_policies_pass()
    {
        AssertAccepted(TestPolicies.Both);
        AssertAccepted(TestPolicies.Of(Employee));
        AssertAccepted(TestPolicies.Of(Resident));
        // The same schemes in the other order are just as valid: order carries no meaning.
        AssertAccepted(TestPolicies.Of(Resident, Employee));
        // And each passing policy is one bad field away from a rejection, so these calls did run the checks.
        AssertRejected(TestPolicies.Of(Resident, Employee with { CategoryBCopayBp = 10_001 }), "Employee.category_b_copay_bp");
        AssertRejected(TestPolicies.Of(Employee, Resident with { UnregisteredReductionBp = -1 }), "Resident.unregistered_reduction_bp");
    }

    /// <summary>Each range's ends pass, and one step past each end is rejected naming that field.</summary>
    [Fact]
    public void Values_at_the_ends_of_every_range_pass_and_one_step_beyond_fails()
    {
        var low = Employee with
        {
            CategoryBCopayBp = 0, RetiredBonusBp = 0, UnregisteredReductionBp = 0, AnnualCapFen = 0, EmployerToAccountBp = 0,
            Rules = [new BenefitRule(VisitType.Outpatient, Limits.MinHospitalLevel, 0, 0)],
        };
        var high = Employee with
        {
            CategoryBCopayBp = 10_000, RetiredBonusBp = 10_000, UnregisteredReductionBp = 10_000,
            AnnualCapFen = Limits.MaxAmountFen, EmployerToAccountBp = 10_000,
            Rules = [new BenefitRule(VisitType.Inpatient, Limits.MaxHospitalLevel, Limits.MaxAmountFen, 10_000)],
        };
        Assert.Equal((1, 3, 10_000_000_000), (Limits.MinHospitalLevel, Limits.MaxHospitalLevel, Limits.MaxAmountFen));

        AssertAccepted(TestPolicies.Of(low));
        AssertAccepted(TestPolicies.Of(high));

        AssertRejected(TestPolicies.Of(low with { CategoryBCopayBp = -1 }), "category_b_copay_bp");
        AssertRejected(TestPolicies.Of(high with { CategoryBCopayBp = 10_001 }), "category_b_copay_bp");
        AssertRejected(TestPolicies.Of(low with { RetiredBonusBp = -1 }), "retired_bonus_bp");
        AssertRejected(TestPolicies.Of(high with { RetiredBonusBp = 10_001 }), "retired_bonus_bp");
        AssertRejected(TestPolicies.Of(low with { UnregisteredReductionBp = -1 }), "unregistered_reduction_bp");
        AssertRejected(TestPolicies.Of(high with { UnregisteredReductionBp = 10_001 }), "unregistered_reduction_bp");
        AssertRejected(TestPolicies.Of(low with { EmployerToAccountBp = -1 }), "employer_to_account_bp");
        AssertRejected(TestPolicies.Of(high with { EmployerToAccountBp = 10_001 }), "employer_to_account_bp");
        AssertRejected(TestPolicies.Of(low with { AnnualCapFen = -1 }), "annual_cap_fen");
        AssertRejected(TestPolicies.Of(high with { AnnualCapFen = Limits.MaxAmountFen + 1 }), "annual_cap_fen");
        AssertRejected(TestPolicies.Of(low with { Rules = [low.Rules[0] with { HospitalLevel = 0 }] }), "hospital_level");
        AssertRejected(TestPolicies.Of(high with { Rules = [high.Rules[0] with { HospitalLevel = 4 }] }), "hospital_level");
        AssertRejected(TestPolicies.Of(low with { Rules = [low.Rules[0] with { DeductibleFen = -1 }] }), "deductible_fen");
        AssertRejected(TestPolicies.Of(high with { Rules = [high.Rules[0] with { DeductibleFen = Limits.MaxAmountFen + 1 }] }), "deductible_fen");
        AssertRejected(TestPolicies.Of(low with { Rules = [low.Rules[0] with { RatioBp = -1 }] }), "ratio_bp");
        AssertRejected(TestPolicies.Of(high with { Rules = [high.Rules[0] with { RatioBp = 10_001 }] }), "ratio_bp");
    }

    [Fact]
    public void Same_level_for_both_visit_types_is_not_a_duplicate_but_the_same_pair_twice_is()
    {
        BenefitRule outpatient = new(VisitType.Outpatient, 2, 0, 5_000), inpatient = new(VisitType.Inpatient, 2, 0, 8_000);
        var scheme = Employee with { Rules = [outpatient, inpatient] };

        AssertAccepted(TestPolicies.Of(scheme));
        // Each visit type finds its own rule at that level, and no rule at another level.
        Assert.Equal(outpatient, scheme.RuleFor(VisitType.Outpatient, 2));
        Assert.Equal(inpatient, scheme.RuleFor(VisitType.Inpatient, 2));
        Assert.Null(scheme.RuleFor(VisitType.Inpatient, 1));
        AssertRejected(TestPolicies.Of(scheme with { Rules = [outpatient, inpatient, inpatient with { RatioBp = 1 }] }), "more than one rule for Inpatient at hospital level 2");
    }
}
