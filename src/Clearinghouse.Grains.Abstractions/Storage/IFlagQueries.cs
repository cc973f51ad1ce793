using System.Collections.Immutable;
using Clearinghouse.Domain.Supervision;

namespace Clearinghouse.Grains.Storage;

/// <summary>Reads of the flags read model (one row per flag, its status kept current).</summary>
public interface IFlagQueries
{
    Task<FlagPage> ListAsync(FlagFilter filter, int pageSize, long afterSequence, CancellationToken cancellationToken = default);
}

/// <summary>
/// Which flags: null fields do not filter. <see cref="RegionCode"/> with <see cref="Role"/> picks flags whose
/// insured region is it, whose care region is it, or either.
/// </summary>
public sealed record FlagFilter(
    string? RegionCode, FlagRegionRole Role, string? HospitalCode, string? RuleId, FlagStatus? Status, string? Period);

public enum FlagRegionRole
{
    Either = 0,
    Insured = 1,
    Care = 2,
}

/// <summary>
/// One listed flag (the finding without its evidence, which GetFlag reads from the stream). CareRegionCodes: every
/// care region of the settlements named, the regions party to it as care regions (the listing filters on them).
/// </summary>
public sealed record FlagRow(
    string FlagId, string RuleId, Severity Severity, string InsuredRegionCode, string CareRegionCode, string HospitalCode,
    string PersonId, string Period, ImmutableArray<string> SettlementIds, FlagStatus Status, bool ReversalRequested,
    DateTimeOffset FlaggedAt, string FindingKey, ImmutableArray<string> CareRegionCodes);

public sealed record FlagPage(ImmutableArray<FlagRow> Flags, long? NextSequence);
