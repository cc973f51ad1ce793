using System.Collections.Immutable;

namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// The supervision rules (基金监管 / 智能监控) by their stable ids, which findings carry and which later storage keys
/// on: never rename one. docs/supervision.md describes each.
/// </summary>
public static class RuleId
{
    /// <summary>挂床住院 / 冒名就医: two stays overlap, or an outpatient visit falls inside a stay.</summary>
    public const string OverlappingStays = "overlapping_stays";

    /// <summary>分解住院: readmission with the same diagnosis category soon after a discharge.</summary>
    public const string QuickReadmission = "quick_readmission";

    /// <summary>冒名就医: outpatient visits in two care regions on one day.</summary>
    public const string TwoPlacesAtOnce = "two_places_at_once";

    /// <summary>分解处方 / 超量开药: one item's quantity split over visits, each within the limit, together over it.</summary>
    public const string SplitPrescriptions = "split_prescriptions";

    /// <summary>超标准收费: a unit price above the catalogue's price limit.</summary>
    public const string OverRegulatedPrice = "over_regulated_price";

    /// <summary>重复收费: a once-only item charged twice, or a visit sent again under a new request id.</summary>
    public const string ChargedTwice = "charged_twice";

    /// <summary>高频 / 高额: a person's or hospital's count or amount in a period far above its peers'.</summary>
    public const string Outliers = "outliers";

    /// <summary>The rules over one person's visits, which run when a visit arrives.</summary>
    public static readonly ImmutableArray<string> PersonRules =
        [OverlappingStays, QuickReadmission, TwoPlacesAtOnce, SplitPrescriptions, OverRegulatedPrice, ChargedTwice];

    public static readonly ImmutableArray<string> All = [.. PersonRules, Outliers];
}
