using System.Collections.Immutable;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Supervision;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>A policy's supervision section, both ways. A threshold the wire leaves out takes the library's default.</summary>
public static class SupervisionSettingsWireMapping
{
    public static V1.SupervisionSettings ToWire(SupervisionSettings settings)
    {
        var t = settings.Thresholds;
        var wire = new V1.SupervisionSettings
        {
            ReadmissionWindowDays = t.ReadmissionWindowDays,
            SplitWindowDays = t.SplitWindowDays,
            DefaultQuantityLimit = t.DefaultQuantityLimit,
            OverPriceMediumBp = t.OverPriceMediumBp,
            OverPriceHighBp = t.OverPriceHighBp,
            OutlierMadMultipleBp = t.OutlierMadMultipleBp,
            OutlierMinMadBp = t.OutlierMinMadBp,
            OutlierMinRatioBp = t.OutlierMinRatioBp,
            OutlierMinPeers = t.OutlierMinPeers,
        };
        // Sorted, so the same policy always shows the same way.
        foreach (var (code, limit) in t.QuantityLimitsByCode.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            wire.QuantityLimitsByCode.Add(code, limit);
        }
        wire.OnceOnlyCodes.AddRange(t.OnceOnlyCodes.Order(StringComparer.Ordinal));
        wire.BlockingRules.AddRange(settings.BlockingRules);
        return wire;
    }

    public static SupervisionSettings ToDomain(V1.SupervisionSettings wire)
    {
        var d = SupervisionThresholds.Default;
        return new SupervisionSettings
        {
            Thresholds = new SupervisionThresholds
            {
                ReadmissionWindowDays = wire.HasReadmissionWindowDays ? wire.ReadmissionWindowDays : d.ReadmissionWindowDays,
                SplitWindowDays = wire.HasSplitWindowDays ? wire.SplitWindowDays : d.SplitWindowDays,
                DefaultQuantityLimit = wire.HasDefaultQuantityLimit ? wire.DefaultQuantityLimit : d.DefaultQuantityLimit,
                QuantityLimitsByCode = wire.QuantityLimitsByCode.ToImmutableDictionary(StringComparer.Ordinal),
                OnceOnlyCodes = wire.OnceOnlyCodes.ToImmutableHashSet(StringComparer.Ordinal),
                OverPriceMediumBp = wire.HasOverPriceMediumBp ? wire.OverPriceMediumBp : d.OverPriceMediumBp,
                OverPriceHighBp = wire.HasOverPriceHighBp ? wire.OverPriceHighBp : d.OverPriceHighBp,
                OutlierMadMultipleBp = wire.HasOutlierMadMultipleBp ? wire.OutlierMadMultipleBp : d.OutlierMadMultipleBp,
                OutlierMinMadBp = wire.HasOutlierMinMadBp ? wire.OutlierMinMadBp : d.OutlierMinMadBp,
                OutlierMinRatioBp = wire.HasOutlierMinRatioBp ? wire.OutlierMinRatioBp : d.OutlierMinRatioBp,
                OutlierMinPeers = wire.HasOutlierMinPeers ? wire.OutlierMinPeers : d.OutlierMinPeers,
            },
            BlockingRules = [.. wire.BlockingRules],
        };
    }
}
