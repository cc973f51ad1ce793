using Clearinghouse.Domain;
using Clearinghouse.Domain.Catalogues;
using Clearinghouse.Domain.Reconciliation;
using Clearinghouse.Domain.Settlements;

namespace Clearinghouse.Api.CallerLimits;

/// <summary>
/// The largest message each service receives, from the bounds every field is held to (Domain/Limits.cs,
/// ReconciliationLimits.cs, NettingLimits.cs), in protobuf's encoding: a field is its tag (1 byte for
/// field numbers up to 15), then for strings and messages a varint length, then the bytes. Text limits
/// count UTF-16 code units, and UTF-8 takes at most 3 bytes per code unit (a 4-byte character is two of
/// them), so every free-text field is counted at 3 bytes a character. Each limit is the largest
/// legitimate message rounded up to a whole 4 KiB; anything larger cannot be a valid request and is
/// refused with RESOURCE_EXHAUSTED before it is read into memory. Tests build each largest message and
/// check these figures (tests/Clearinghouse.Integration.Tests/CallerLimits/MessageSizeLimitsTests.cs).
/// </summary>
public static class MessageSizeLimits
{
    private const int BytesPerChar = 3;

    /// <summary>request_id: 1 + 2 (length 384) + 128 × 3 = 387.</summary>
    public const int RequestIdField = 1 + 2 + Limits.MaxRequestIdLength * BytesPerChar;

    /// <summary>An amount up to 10^10 fen: 1 + 5 (a 34-bit varint) = 6.</summary>
    private const int AmountField = 1 + 5;

    /// <summary>A 6-digit region code: 1 + 1 + 6 = 8.</summary>
    private const int RegionCodeField = 1 + 1 + 6;

    /// <summary>An identifier (person id, hospital or item code), ASCII: 1 + 1 + 64 = 66.</summary>
    private const int IdentifierField = 1 + 1 + Limits.MaxCodeLength;

    /// <summary>A date YYYY-MM-DD: 1 + 1 + 10 = 12.</summary>
    private const int DateField = 1 + 1 + 10;

    /// <summary>
    /// A line's quantity, unit price and amount together: 14 bytes at most. With a unit price the amount is quantity ×
    /// unit price ≤ 10^10, so a unit price of 5 varint bytes (≥ 2^28) leaves a quantity ≤ 37 (1 + 1, unit price 1 + 5,
    /// amount 1 + 5); a quantity of 2 bytes (≥ 128) leaves a unit price of 4 (1 + 2, 1 + 4, 1 + 5); a quantity of 3
    /// bytes (≥ 2^14) leaves one of 3 (1 + 3, 1 + 3, 1 + 5). Without a unit price: quantity 4 and amount 6.
    /// </summary>
    private const int LineFigures = 14;

    /// <summary>
    /// LineItem: code 66; name 1 + 2 + 200 × 3 = 603; category 2; quantity, unit price and amount 14.
    /// 685 bytes, and 1 + 2 around it as an element of items: 688.
    /// </summary>
    public const int LineItemElement = 1 + 2 + (IdentifierField + (1 + 2 + Limits.MaxNameLength * BytesPerChar) + 2 + LineFigures);

    /// <summary>VisitDetail: two dates of 12 and a diagnosis code of 1 + 1 + 12 = 14: 38 bytes, and 1 + 1 around it: 40.</summary>
    public const int VisitDetailField = 1 + 1 + (DateField + DateField + (1 + 1 + Icd10.MaxLength));

    /// <summary>
    /// SettleRequest: request_id 387, care_region_code 8, hospital_code 66, person_id 66, visit_type 2,
    /// service_date (YYYY-MM-DD) 12, use_personal_account 2, 1,000 items of 688 and the visit detail of 40: 688,583 bytes.
    /// </summary>
    public const int LargestSettleRequest =
        RequestIdField + RegionCodeField + IdentifierField + IdentifierField + 2 + DateField + 2
        + Limits.MaxItemsPerSettlement * LineItemElement + VisitDetailField;

    /// <summary>
    /// ReportEntry: request_id 387 (any text the region used on Settle), kind 2, two amounts of 6: 401,
    /// and 1 + 2 around it as an element of a batch: 404.
    /// </summary>
    public const int ReportEntryElement = 1 + 2 + (RequestIdField + 2 + AmountField + AmountField);

    /// <summary>
    /// SubmitDailyReportRequest holding a ReportEntryBatch of 10,000 entries: 10,000 × 404 = 4,040,000
    /// bytes of batch, 1 + 4 (a 22-bit varint length) around it: 4,040,005 bytes.
    /// </summary>
    public const int LargestReportMessage = 1 + 4 + ReconciliationLimits.MaxEntriesPerBatch * ReportEntryElement;

    /// <summary>
    /// ResolveDiscrepancyRequest, the other reconciliation request with text: request_id 387,
    /// discrepancy_id 66, resolution 2, note 1 + 2 + 500 × 3 = 1,503, officer 1 + 2 + 200 × 3 = 603: 2,561.
    /// </summary>
    public const int LargestResolveRequest =
        RequestIdField + IdentifierField + 2 + (1 + 2 + ReconciliationLimits.MaxNoteLength * BytesPerChar) + (1 + 2 + ReconciliationLimits.MaxOfficerLength * BytesPerChar);

    /// <summary>
    /// CatalogueItem: code 66; name 1 + 2 + 200 × 3 = 603; category 2; unit 1 + 1 + 16 × 3 = 50; price_limit_fen 6.
    /// 727 bytes, and 1 + 2 around it as an element of a batch: 730.
    /// </summary>
    public const int CatalogueItemElement =
        1 + 2 + (IdentifierField + (1 + 2 + Limits.MaxNameLength * BytesPerChar) + 2 + (1 + 1 + CatalogueLimits.MaxUnitLength * BytesPerChar) + AmountField);

    /// <summary>
    /// PublishCatalogueRequest holding a CatalogueItemBatch of 10,000 items: 10,000 × 730 = 7,300,000 bytes of batch,
    /// 1 + 4 (a 23-bit varint length) around it: 7,300,005 bytes. The largest message of every service: the registry's
    /// limit is set by it (a service has one limit for all its methods), the other registry requests being a few KB.
    /// </summary>
    public const int LargestCatalogueMessage = 1 + 4 + CatalogueLimits.MaxItemsPerBatch * CatalogueItemElement;

    /// <summary>
    /// SuspendPersonRequest, the largest unary registry request: request_id 387, person_id 66, reason 1 + 2 + 500 × 3 =
    /// 1,503: 1,956. (A policy is at most 2 schemes of 6 rules, 634 bytes in all; a hospital 1,066.)
    /// </summary>
    public const int LargestRegistryRequest = RequestIdField + IdentifierField + (1 + 2 + Limits.MaxReasonLength * BytesPerChar);

    /// <summary>
    /// ConfirmStatementRequest, the clearing service's largest: request_id 387, period (YYYY-MM) 9, region 8:
    /// 404. (DepositPrepaymentRequest: 387 + 8 + an amount up to 10^12 in 1 + 6 = 402.)
    /// </summary>
    public const int LargestClearingRequest = RequestIdField + (1 + 1 + 7) + RegionCodeField;

    /// <summary>
    /// ListActionsRequest: actor 1 + 1 + 73 (role:scope), region 8, event_kind 1 + 1 + 64, from and to 1 + 1 + 40
    /// each, page_size 6, page_token 1 + 1 + 28: 269. Nothing legitimate comes near 4 KiB.
    /// </summary>
    public const int AuditService = 4_096;

    /// <summary>
    /// ResolveFlagRequest, the largest supervision request: request_id 387, flag_id (an identifier, ASCII) at most
    /// 1 + 2 + 128, resolution 2, note 1 + 2 + 1,500 (500 characters at 3 UTF-8 bytes), request_reversal 2: under
    /// 2,100. Nothing legitimate comes near 4 KiB.
    /// </summary>
    public const int SupervisionService = 4_096;

    public const int ReconciliationService = (LargestReportMessage + 4_095) / 4_096 * 4_096;
    public const int SettlementService = (LargestSettleRequest + 4_095) / 4_096 * 4_096;
    public const int RegistryService = (LargestCatalogueMessage + 4_095) / 4_096 * 4_096;
    public const int ClearingService = (LargestClearingRequest + 4_095) / 4_096 * 4_096;

    /// <summary>Every other service (health, reflection) and the host as a whole: the largest of the services' limits.</summary>
    public const int HostWide = RegistryService;
}
