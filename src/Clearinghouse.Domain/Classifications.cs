namespace Clearinghouse.Domain;

/// <summary>职工医保 / 居民医保: only the employee scheme has a personal account.</summary>
public enum Scheme
{
    Employee = 1,
    Resident = 2,
}

/// <summary>在职 / 退休: retired people get a higher reimbursement ratio.</summary>
public enum PersonCategory
{
    Active = 1,
    Retired = 2,
}

/// <summary>An outpatient visit (yearly deductible) or an inpatient stay (deductible per admission).</summary>
public enum VisitType
{
    Outpatient = 1,
    Inpatient = 2,
}

/// <summary>甲类 / 乙类 / 丙类: fully covered / covered after a copay share / not covered.</summary>
public enum ItemCategory
{
    A = 1,
    B = 2,
    C = 3,
}

/// <summary>Whether an enrolled person may settle visits.</summary>
public enum PersonStatus
{
    Active = 1,
    Suspended = 2,
}

/// <summary>
/// 低保 / 特困 / 低收入: a person's standing for medical assistance, set by operators with an effective date.
/// <see cref="None"/> is no standing (the default, and how a standing ends).
/// </summary>
public enum AssistanceStatus
{
    None = 0,
    MinimumLiving = 1,
    ExtremePoverty = 2,
    LowIncome = 3,
}
