using Clearinghouse.Domain.Catalogues;

namespace Clearinghouse.Grains.Abstractions;

/// <summary>
/// The care regions' catalogues as the settlement path reads them: the version in force on a service date,
/// with its items. Each silo keeps the versions it has loaded (they never change); which version is in
/// force is asked of the region's catalogue grain, the single writer of its versions, so a version published
/// on another silo counts from the moment it is acknowledged.
/// </summary>
public interface ICatalogues
{
    /// <summary>Null when the care region has no catalogue version in force on the date.</summary>
    ValueTask<Catalogue?> InForceAsync(string careRegionCode, DateOnly date);
}
