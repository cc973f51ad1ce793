using Limits = Clearinghouse.Domain.Limits;
using ReconciliationLimits = Clearinghouse.Domain.Reconciliation.ReconciliationLimits;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.CallerLimits;

/// <summary>
/// The largest legitimate request of each kind: every field at its longest (free text in a character
/// that takes 3 bytes in UTF-8) and every number at the largest value allowed, so the varints are longest.
/// </summary>
public static class LargestMessages
{
    /// <summary>A CJK character: one UTF-16 code unit, three bytes in UTF-8.</summary>
    private const char Wide = '医';

    private const long MaxAmount = Limits.MaxAmountFen;

    /// <summary>
    /// <paramref name="length"/> wide characters: <paramref name="prefix"/> (ASCII letters and digits, to tell
    /// texts apart) shifted into the CJK block, then <see cref="Wide"/>.
    /// </summary>
    public static string WideText(string prefix, int length) =>
        string.Concat(prefix.Select(c => (char)('一' + c))) + new string(Wide, length - prefix.Length);

    public static string Ascii(char c, int length) => new(c, length);

    public static SettleRequest Settle(string requestId)
    {
        var request = new SettleRequest
        {
            RequestId = WideText(requestId, Limits.MaxRequestIdLength),
            CareRegionCode = "110105",
            HospitalCode = Ascii('H', Limits.MaxCodeLength),
            PersonId = Ascii('P', Limits.MaxCodeLength),
            VisitType = VisitType.Inpatient,
            ServiceDate = "2026-12-01",
            UsePersonalAccount = true,
            Visit = new VisitDetail { AdmissionDate = "2026-11-01", DischargeDate = "2026-12-01", DiagnosisCode = "J18.900x0019" },
        };
        for (var i = 0; i < Limits.MaxItemsPerSettlement; i++)
        {
            request.Items.Add(new LineItem
            {
                Code = Ascii('C', Limits.MaxCodeLength),
                Name = WideText("", Limits.MaxNameLength),
                Category = ItemCategory.C,
                // The largest figures a priced line can carry together (MessageSizeLimits.LineFigures): a unit price of
                // five varint bytes, the quantity that keeps the amount within its limit, an amount of five bytes.
                Quantity = 37,
                UnitPriceFen = 1L << 28,
                AmountFen = 37L << 28,
            });
        }
        return request;
    }

    /// <summary>A batch of 10,000 entries with distinct request ids of 128 characters each.</summary>
    public static SubmitDailyReportRequest ReportBatch()
    {
        var batch = new ReportEntryBatch();
        for (var i = 0; i < ReconciliationLimits.MaxEntriesPerBatch; i++)
        {
            batch.Entries.Add(new ReportEntry
            {
                RequestId = WideText($"E{i:D5}", Limits.MaxRequestIdLength),
                Kind = ReportEntryKind.Reversal,
                FundPayFen = MaxAmount,
                AccountPayFen = MaxAmount,
            });
        }
        return new SubmitDailyReportRequest { Entries = batch };
    }

    /// <summary>A batch of PublishCatalogue at its largest: 10,000 items, every text at its longest, every limit the largest.</summary>
    public static PublishCatalogueRequest CatalogueBatch()
    {
        var batch = new CatalogueItemBatch();
        for (var i = 0; i < Clearinghouse.Domain.Catalogues.CatalogueLimits.MaxItemsPerBatch; i++)
        {
            batch.Items.Add(new CatalogueItem
            {
                Code = $"X{i:D5}" + Ascii('0', Limits.MaxCodeLength - 6),
                Name = WideText("", Limits.MaxNameLength),
                Category = ItemCategory.C,
                Unit = WideText("", Clearinghouse.Domain.Catalogues.CatalogueLimits.MaxUnitLength),
                PriceLimitFen = MaxAmount,
            });
        }
        return new PublishCatalogueRequest { Items = batch };
    }

    public static ResolveDiscrepancyRequest Resolve() => new()
    {
        RequestId = WideText("R", Limits.MaxRequestIdLength),
        DiscrepancyId = Ascii('D', Limits.MaxCodeLength),
        Resolution = DiscrepancyResolution.WrittenOff,
        Note = WideText("", ReconciliationLimits.MaxNoteLength),
        Officer = WideText("", ReconciliationLimits.MaxOfficerLength),
    };

    public static SuspendPersonRequest Suspend() => new()
    {
        RequestId = WideText("S", Limits.MaxRequestIdLength),
        PersonId = Ascii('P', Limits.MaxCodeLength),
        Reason = WideText("", Limits.MaxReasonLength),
    };

    public static RegisterHospitalRequest RegisterHospital() => new()
    {
        RequestId = WideText("H", Limits.MaxRequestIdLength),
        RegionCode = "110105",
        HospitalCode = Ascii('H', Limits.MaxCodeLength),
        Name = WideText("", Limits.MaxNameLength),
        Level = Limits.MaxHospitalLevel,
    };

    /// <summary>Both schemes, each with a rule for every visit type and hospital level (duplicates are refused).</summary>
    public static PublishPolicyRequest PublishPolicy()
    {
        var policy = new Policy();
        foreach (var scheme in new[] { Scheme.Employee, Scheme.Resident })
        {
            var schemePolicy = new SchemePolicy
            {
                Scheme = scheme,
                CategoryBCopayBp = 10_000,
                RetiredBonusBp = 10_000,
                UnregisteredReductionBp = 10_000,
                AnnualCapFen = MaxAmount,
                EmployerToAccountBp = scheme == Scheme.Employee ? 10_000 : 0,
            };
            foreach (var visit in new[] { VisitType.Outpatient, VisitType.Inpatient })
            {
                for (var level = Limits.MinHospitalLevel; level <= Limits.MaxHospitalLevel; level++)
                {
                    schemePolicy.Rules.Add(new BenefitRule { VisitType = visit, HospitalLevel = level, DeductibleFen = MaxAmount, RatioBp = 10_000 });
                }
            }
            policy.Schemes.Add(schemePolicy);
        }
        return new PublishPolicyRequest { RequestId = WideText("P", Limits.MaxRequestIdLength), RegionCode = "110105", EffectiveFrom = "2026-12-01", Policy = policy };
    }

    public static ConfirmStatementRequest ConfirmStatement() => new()
    {
        RequestId = WideText("C", Limits.MaxRequestIdLength),
        Period = "2026-12",
        RegionCode = "110105",
    };

    public static DepositPrepaymentRequest Deposit() => new()
    {
        RequestId = WideText("D", Limits.MaxRequestIdLength),
        RegionCode = "110105",
        AmountFen = Domain.Clearing.NettingLimits.MaxPairAmountFen,
    };

    /// <summary>Every filter at its longest: an operator's 64-character name, the longest kind, instants with 7 fraction digits.</summary>
    public static ListActionsRequest ListActions() => new()
    {
        Actor = "operator:" + Ascii('o', 64),
        RegionCode = "110105",
        EventKind = Domain.Events.EventKinds.All.MaxBy(k => k.Length)!,
        From = "2026-12-06T08:00:00.1234567+08:00",
        To = "2026-12-07T08:00:00.1234567+08:00",
        PageSize = Limits.MaxPageSize,
        PageToken = Api.SequencePageToken.Encode(long.MaxValue),
    };
}
