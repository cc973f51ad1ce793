using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>Seeded random visits: 1–30 line items of categories A/B/C, amounts by visit type.</summary>
public sealed class Visits(int seed)
{
    private readonly Random _random = new(seed);

    public Random Random => _random;

    public SettleRequest Next(
        string requestId, string personId, string careRegionCode, string hospitalCode, DateOnly serviceDate,
        VisitType? visitType = null, bool? usePersonalAccount = null, int maxItems = 30)
    {
        var type = visitType ?? (_random.Next(100) < 60 ? VisitType.Outpatient : VisitType.Inpatient);
        var request = new SettleRequest
        {
            RequestId = requestId,
            CareRegionCode = careRegionCode,
            HospitalCode = hospitalCode,
            PersonId = personId,
            VisitType = type,
            ServiceDate = ChinaClock.Format(serviceDate),
            UsePersonalAccount = usePersonalAccount ?? _random.Next(2) == 0,
            Visit = type == VisitType.Inpatient ? Stays.Ending(serviceDate) : null,
        };
        var count = _random.Next(1, maxItems + 1);
        for (var i = 0; i < count; i++)
        {
            request.Items.Add(Item(i, type));
        }
        return request;
    }

    public LineItem Item(int index, VisitType type)
    {
        var roll = _random.Next(100);
        var category = roll < 50 ? ItemCategory.A : roll < 80 ? ItemCategory.B : ItemCategory.C;
        // Odd amounts on purpose: copay B rounding and the fund's floor must both show.
        var amount = type == VisitType.Outpatient ? _random.Next(101, 8_000) : _random.Next(1_001, 200_000);
        return new LineItem
        {
            Code = $"ITEM-{category}-{_random.Next(1, 500):D3}",
            Name = $"item {index}",
            Category = category,
            Quantity = _random.Next(1, 6),
            AmountFen = amount,
        };
    }
}
