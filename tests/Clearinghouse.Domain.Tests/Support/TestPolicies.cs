using System.Collections.Immutable;
using Clearinghouse.Domain.Policies;

namespace Clearinghouse.Domain.Tests.Support;

/// <summary>
/// The employee-scheme policy the worked examples are computed against. Every figure below is used by
/// hand in the examples' comments, so change none of them without recomputing those comments.
/// </summary>
public static class TestPolicies
{
    /// <summary>乙类先行自付 10%.</summary>
    public const int CopayBp = 1_000;
    /// <summary>Retired people get 10 percentage points more.</summary>
    public const int RetiredBonusBp = 1_000;
    /// <summary>No registration for the care region: 10 percentage points less.</summary>
    public const int UnregisteredReductionBp = 1_000;
    /// <summary>封顶线 400,000 yuan.</summary>
    public const long AnnualCapFen = 40_000_000;
    public const int EmployerToAccountBp = 3_000;

    // Outpatient: yearly deductible 1,000 yuan, base ratio 50% (level 2), 60% (level 1).
    public static readonly BenefitRule OutpatientLevel1 = new(VisitType.Outpatient, 1, 100_000, 6_000);
    public static readonly BenefitRule OutpatientLevel2 = new(VisitType.Outpatient, 2, 100_000, 5_000);
    // Inpatient: deductible per admission 800 yuan at 85% (level 2), 1,200 yuan at 80% (level 3).
    public static readonly BenefitRule InpatientLevel2 = new(VisitType.Inpatient, 2, 80_000, 8_500);
    public static readonly BenefitRule InpatientLevel3 = new(VisitType.Inpatient, 3, 120_000, 8_000);

    public static SchemePolicy Employee { get; } = new(
        Scheme.Employee,
        CopayBp,
        RetiredBonusBp,
        UnregisteredReductionBp,
        AnnualCapFen,
        EmployerToAccountBp,
        [OutpatientLevel1, OutpatientLevel2, InpatientLevel2, InpatientLevel3]);

    public static SchemePolicy Resident { get; } = new(
        Scheme.Resident,
        CategoryBCopayBp: 2_000,
        RetiredBonusBp: 0,
        UnregisteredReductionBp: 1_500,
        AnnualCapFen: 20_000_000,
        EmployerToAccountBp: 0,
        Rules: [new BenefitRule(VisitType.Outpatient, 1, 20_000, 5_000), new BenefitRule(VisitType.Inpatient, 2, 60_000, 7_000)]);

    public static Policy Both { get; } = new([Employee, Resident]);

    public static Policy Of(params SchemePolicy[] schemes) => new(schemes.ToImmutableArray());
}
