using Clearinghouse.Domain.Catalogues;

namespace Clearinghouse.Grains.Abstractions;

/// <summary>Placeholder until catalogues are published: no care region has one in force.</summary>
public sealed class NoCatalogues : ICatalogues
{
    public ValueTask<Catalogue?> InForceAsync(string careRegionCode, DateOnly date) => ValueTask.FromResult<Catalogue?>(null);
}
