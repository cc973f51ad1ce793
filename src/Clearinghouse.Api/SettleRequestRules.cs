using System.Collections.Immutable;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Grains.Abstractions;
using static Clearinghouse.Api.RequestRules;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>
/// A Settle request checked and made into the person grain's command (Settle and SettleStream share it): the
/// lines with their unit prices, and the visit detail, which decides an inpatient stay's service date.
/// </summary>
public static class SettleRequestRules
{
    public static SettleVisit Command(V1.SettleRequest request)
    {
        // Checked in the order the fields were checked before the visit detail existed: a request with several
        // faults is refused for the same one.
        var requestId = RequestId(request.RequestId);
        var fingerprint = Fingerprint.Of(request);
        var careRegion = RegionCode(request.CareRegionCode, "care_region_code");
        var hospital = Identifier(request.HospitalCode, "hospital_code");
        var visitType = EnumMapping.ToDomain(request.VisitType, "visit_type");
        var visit = request.Visit;
        var (serviceDate, detail) = VisitDetails.Resolve(
            visitType,
            OptionalDate(request.ServiceDate, "service_date"),
            OptionalDate(visit?.AdmissionDate ?? "", "visit.admission_date"),
            OptionalDate(visit?.DischargeDate ?? "", "visit.discharge_date"),
            visit is null || visit.DiagnosisCode.Length == 0 ? null : visit.DiagnosisCode);
        return new SettleVisit(
            requestId, fingerprint, careRegion, hospital, visitType, serviceDate, request.UsePersonalAccount, Items(request.Items), detail);
    }

    private static DateOnly? OptionalDate(string value, FieldName field) => value.Length == 0 ? null : Date(value, field);

    private static ImmutableArray<LineItem> Items(IReadOnlyList<V1.LineItem> items)
    {
        if (items.Count == 0)
        {
            throw RejectedException.InvalidArgument("items must not be empty");
        }
        if (items.Count > Limits.MaxItemsPerSettlement)
        {
            throw RejectedException.InvalidArgument($"items must hold at most {Limits.MaxItemsPerSettlement} lines, got {items.Count}");
        }
        var builder = ImmutableArray.CreateBuilder<LineItem>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var field = FieldName.Element("items", i);
            if (item.Quantity is <= 0 or > Limits.MaxQuantity)
            {
                throw RejectedException.InvalidArgument($"{field.Member("quantity")} must be within 1..{Limits.MaxQuantity}, got {item.Quantity}");
            }
            var unitPrice = Amount(item.UnitPriceFen, field.Member("unit_price_fen"), allowZero: true);
            builder.Add(new LineItem(
                Identifier(item.Code, field.Member("code")),
                Text(item.Name, field.Member("name"), Limits.MaxNameLength, required: false),
                EnumMapping.ToDomain(item.Category, field.Member("category")),
                item.Quantity,
                unitPrice == 0 ? Amount(item.AmountFen, field.Member("amount_fen")) : PricedAmount(item, unitPrice, field),
                unitPrice));
        }
        return builder.MoveToImmutable();
    }

    /// <summary>A priced line's total: quantity × unit price, which amount_fen, if sent, must equal.</summary>
    private static long PricedAmount(V1.LineItem item, long unitPrice, FieldName field)
    {
        // Both factors are bounded (10^6 × 10^10), so the product fits in a long.
        var product = item.Quantity * unitPrice;
        if (item.AmountFen != 0 && item.AmountFen != product)
        {
            throw RejectedException.InvalidArgument(
                $"{field.Member("amount_fen")} {item.AmountFen} must equal quantity × unit_price_fen = {item.Quantity} × {unitPrice} = {product}, or be 0");
        }
        if (product > Limits.MaxAmountFen)
        {
            throw RejectedException.InvalidArgument(
                $"{field.Member("amount_fen")} quantity × unit_price_fen = {product} must be at most {Limits.MaxAmountFen} fen");
        }
        return product;
    }
}
