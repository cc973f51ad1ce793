using System.Collections.Immutable;

namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// Whom a finding's flag names: its insured region, the care region, hospital and person of the settlement that
/// completed it, and every care region of the settlements named (the care region among them, sorted). The processor
/// that raises a flag and ReplayRules, which reports the flag a finding has or would have, take them from here, so the
/// two name the same parties.
/// </summary>
public sealed record FlagParties(
    string InsuredRegionCode, string CareRegionCode, string HospitalCode, string PersonId, ImmutableArray<string> CareRegionCodes)
{
    /// <summary>A person rule's finding: the parties of the settlement that completed it (<paramref name="trigger"/>).</summary>
    /// <param name="namedCareRegions">The care regions of the finding's settlements.</param>
    public static FlagParties OfTrigger(SupervisedVisit trigger, IEnumerable<string> namedCareRegions) => new(
        trigger.InsuredRegionCode, trigger.CareRegionCode, trigger.HospitalCode, trigger.PersonId, Sorted(namedCareRegions, trigger.CareRegionCode));

    /// <summary>
    /// An <see cref="Outliers"/> finding's. A person: insured where the peers are, the first settlement's care region
    /// and hospital, the care regions of the settlements counted. A hospital: its care region (its peer group) is the
    /// flag's only region, as both insured and care region (its patients come from many insured regions), and no person.
    /// </summary>
    /// <param name="visitOf">The period's visit of a settlement id the finding names.</param>
    public static FlagParties OfOutlier(Finding finding, Func<string, PeriodVisit> visitOf)
    {
        var subject = finding["subject"].Text!;
        var peerGroup = finding["peer_group"].Text!;
        if (finding["subject_kind"].Text == Outliers.HospitalSubject)
        {
            return new(peerGroup, peerGroup, subject, "", [peerGroup]);
        }
        var named = finding.SettlementIds.Select(visitOf).ToList();
        return new(peerGroup, named[0].CareRegionCode, named[0].HospitalCode, subject, Sorted(named.Select(v => v.CareRegionCode), named[0].CareRegionCode));
    }

    private static ImmutableArray<string> Sorted(IEnumerable<string> named, string careRegion) =>
        [.. named.Append(careRegion).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
