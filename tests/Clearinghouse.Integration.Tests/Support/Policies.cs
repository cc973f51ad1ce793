using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>Builders for policy messages: one scheme, rules for both visit types at levels 1–3.</summary>
public static class Policies
{
    /// <param name="outpatientDeductibleFen">yearly outpatient deductible, the same at every level.</param>
    /// <param name="outpatientRatioBp">base outpatient ratio at levels 1, 2, 3.</param>
    /// <param name="inpatientDeductibleFen">per-admission inpatient deductible at levels 1, 2, 3.</param>
    /// <param name="inpatientRatioBp">base inpatient ratio at levels 1, 2, 3.</param>
    public static SchemePolicy SchemeOf(
        Scheme scheme,
        int categoryBCopayBp,
        int retiredBonusBp,
        int unregisteredReductionBp,
        long annualCapFen,
        int employerToAccountBp,
        long outpatientDeductibleFen,
        int[] outpatientRatioBp,
        long[] inpatientDeductibleFen,
        int[] inpatientRatioBp)
    {
        var policy = new SchemePolicy
        {
            Scheme = scheme,
            CategoryBCopayBp = categoryBCopayBp,
            RetiredBonusBp = retiredBonusBp,
            UnregisteredReductionBp = unregisteredReductionBp,
            AnnualCapFen = annualCapFen,
            EmployerToAccountBp = employerToAccountBp,
        };
        for (var level = 1; level <= 3; level++)
        {
            policy.Rules.Add(new BenefitRule
            {
                VisitType = VisitType.Outpatient, HospitalLevel = level,
                DeductibleFen = outpatientDeductibleFen, RatioBp = outpatientRatioBp[level - 1],
            });
            policy.Rules.Add(new BenefitRule
            {
                VisitType = VisitType.Inpatient, HospitalLevel = level,
                DeductibleFen = inpatientDeductibleFen[level - 1], RatioBp = inpatientRatioBp[level - 1],
            });
        }
        return policy;
    }

    public static Policy Of(params SchemePolicy[] schemes)
    {
        var policy = new Policy();
        policy.Schemes.AddRange(schemes);
        return policy;
    }

    /// <summary>An ordinary two-scheme policy; <paramref name="capFen"/> sets both schemes' annual cap.</summary>
    public static Policy Standard(long capFen = 30_000_000) => Of(
        SchemeOf(Scheme.Employee, categoryBCopayBp: 1000, retiredBonusBp: 500, unregisteredReductionBp: 1000,
            annualCapFen: capFen, employerToAccountBp: 3000,
            outpatientDeductibleFen: 20_000, outpatientRatioBp: [8000, 7500, 7000],
            inpatientDeductibleFen: [30_000, 60_000, 90_000], inpatientRatioBp: [9000, 8500, 8000]),
        SchemeOf(Scheme.Resident, categoryBCopayBp: 1500, retiredBonusBp: 300, unregisteredReductionBp: 1500,
            annualCapFen: capFen, employerToAccountBp: 0,
            outpatientDeductibleFen: 10_000, outpatientRatioBp: [6000, 5500, 5000],
            inpatientDeductibleFen: [20_000, 50_000, 80_000], inpatientRatioBp: [8000, 7000, 6000]));
}
