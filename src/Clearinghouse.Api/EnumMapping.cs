using Clearinghouse.Domain;
using static Clearinghouse.Domain.RejectedException;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>Wire enums ↔ domain enums. The zero (UNSPECIFIED) value and unknown numbers are refused.</summary>
public static class EnumMapping
{
    public static Scheme ToDomain(V1.Scheme value, FieldName field) => value switch
    {
        V1.Scheme.Employee => Scheme.Employee,
        V1.Scheme.Resident => Scheme.Resident,
        _ => throw InvalidArgument($"{field} must be SCHEME_EMPLOYEE or SCHEME_RESIDENT, got {value}"),
    };

    public static PersonCategory ToDomain(V1.PersonCategory value, FieldName field) => value switch
    {
        V1.PersonCategory.Active => PersonCategory.Active,
        V1.PersonCategory.Retired => PersonCategory.Retired,
        _ => throw InvalidArgument($"{field} must be PERSON_CATEGORY_ACTIVE or PERSON_CATEGORY_RETIRED, got {value}"),
    };

    public static VisitType ToDomain(V1.VisitType value, FieldName field) => value switch
    {
        V1.VisitType.Outpatient => VisitType.Outpatient,
        V1.VisitType.Inpatient => VisitType.Inpatient,
        _ => throw InvalidArgument($"{field} must be VISIT_TYPE_OUTPATIENT or VISIT_TYPE_INPATIENT, got {value}"),
    };

    public static ItemCategory ToDomain(V1.ItemCategory value, FieldName field) => value switch
    {
        V1.ItemCategory.A => ItemCategory.A,
        V1.ItemCategory.B => ItemCategory.B,
        V1.ItemCategory.C => ItemCategory.C,
        _ => throw InvalidArgument($"{field} must be ITEM_CATEGORY_A, ITEM_CATEGORY_B or ITEM_CATEGORY_C, got {value}"),
    };

    public static AssistanceStatus ToDomain(V1.AssistanceStatus value, FieldName field) => value switch
    {
        V1.AssistanceStatus.None => AssistanceStatus.None,
        V1.AssistanceStatus.MinimumLiving => AssistanceStatus.MinimumLiving,
        V1.AssistanceStatus.ExtremePoverty => AssistanceStatus.ExtremePoverty,
        V1.AssistanceStatus.LowIncome => AssistanceStatus.LowIncome,
        _ => throw InvalidArgument(
            $"{field} must be ASSISTANCE_STATUS_NONE, ASSISTANCE_STATUS_MINIMUM_LIVING, ASSISTANCE_STATUS_EXTREME_POVERTY or ASSISTANCE_STATUS_LOW_INCOME, got {value}"),
    };

    public static V1.AssistanceStatus ToWire(AssistanceStatus value) => value switch
    {
        AssistanceStatus.MinimumLiving => V1.AssistanceStatus.MinimumLiving,
        AssistanceStatus.ExtremePoverty => V1.AssistanceStatus.ExtremePoverty,
        AssistanceStatus.LowIncome => V1.AssistanceStatus.LowIncome,
        _ => V1.AssistanceStatus.None,
    };

    public static V1.Scheme ToWire(Scheme value) => value == Scheme.Employee ? V1.Scheme.Employee : V1.Scheme.Resident;

    public static V1.PersonCategory ToWire(PersonCategory value) =>
        value == PersonCategory.Retired ? V1.PersonCategory.Retired : V1.PersonCategory.Active;

    public static V1.PersonStatus ToWire(PersonStatus value) =>
        value == PersonStatus.Suspended ? V1.PersonStatus.Suspended : V1.PersonStatus.Active;

    public static V1.VisitType ToWire(VisitType value) =>
        value == VisitType.Inpatient ? V1.VisitType.Inpatient : V1.VisitType.Outpatient;

    public static V1.ItemCategory ToWire(ItemCategory value) => value switch
    {
        ItemCategory.A => V1.ItemCategory.A,
        ItemCategory.B => V1.ItemCategory.B,
        _ => V1.ItemCategory.C,
    };
}
