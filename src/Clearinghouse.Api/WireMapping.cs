using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.ReadModels;
using Clearinghouse.Grains.Abstractions;
using static Clearinghouse.Api.EnumMapping;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>Domain → wire. Instants are RFC 3339 in UTC, dates YYYY-MM-DD.</summary>
public static class WireMapping
{
    public static V1.Region ToWire(RegionSnapshot region)
    {
        var wire = new V1.Region { RegionCode = region.RegionCode, Name = region.Name };
        wire.PolicyVersions.AddRange(region.Policies.Select(ToWire));
        return wire;
    }

    public static V1.PolicyVersion ToWire(PolicyVersion version) => new()
    {
        RegionCode = version.RegionCode,
        Version = version.Version,
        EffectiveFrom = CivilDate.Format(version.EffectiveFrom),
        Policy = ToWire(version.Policy),
    };

    public static V1.Policy ToWire(Policy policy)
    {
        var wire = new V1.Policy();
        foreach (var s in policy.Schemes)
        {
            var scheme = new V1.SchemePolicy
            {
                Scheme = EnumMapping.ToWire(s.Scheme),
                CategoryBCopayBp = s.CategoryBCopayBp,
                RetiredBonusBp = s.RetiredBonusBp,
                UnregisteredReductionBp = s.UnregisteredReductionBp,
                AnnualCapFen = s.AnnualCapFen,
                EmployerToAccountBp = s.EmployerToAccountBp,
                SeriousIllnessShareBp = s.SeriousIllnessShareBp,
                SeriousIllness = s.SeriousIllness is { } tier ? ToWire(tier) : null,
                Assistance = s.Assistance is { } a
                    ? new V1.AssistanceTier
                    {
                        MinimumLivingRatioBp = a.MinimumLivingRatioBp,
                        ExtremePovertyRatioBp = a.ExtremePovertyRatioBp,
                        LowIncomeRatioBp = a.LowIncomeRatioBp,
                        AnnualCapFen = a.AnnualCapFen,
                    }
                    : null,
            };
            scheme.Rules.AddRange(s.Rules.Select(r => new V1.BenefitRule
            {
                VisitType = EnumMapping.ToWire(r.VisitType),
                HospitalLevel = r.HospitalLevel,
                DeductibleFen = r.DeductibleFen,
                RatioBp = r.RatioBp,
            }));
            wire.Schemes.Add(scheme);
        }
        if (policy.Supervision is { } supervision)
        {
            wire.Supervision = SupervisionSettingsWireMapping.ToWire(supervision);
        }
        return wire;
    }

    private static V1.SeriousIllnessTier ToWire(SeriousIllnessTier tier)
    {
        var wire = new V1.SeriousIllnessTier { ThresholdFen = tier.ThresholdFen, AnnualCapFen = tier.AnnualCapFen };
        foreach (var band in tier.Bands)
        {
            var wireBand = new V1.TierBand { RatioBp = band.RatioBp };
            if (band.UpToFen is { } upTo)
            {
                wireBand.UpToFen = upTo;
            }
            wire.Bands.Add(wireBand);
        }
        return wire;
    }

    public static V1.Hospital ToWire(HospitalSnapshot hospital) => new()
    {
        HospitalCode = hospital.HospitalCode,
        RegionCode = hospital.RegionCode,
        Name = hospital.Name,
        Level = hospital.Level,
    };

    public static V1.Person ToWire(PersonSnapshot person)
    {
        var wire = new V1.Person
        {
            PersonId = person.PersonId,
            InsuredRegionCode = person.InsuredRegionCode,
            Scheme = EnumMapping.ToWire(person.Scheme),
            Category = EnumMapping.ToWire(person.Category),
            Status = EnumMapping.ToWire(person.Status),
            AccountBalanceFen = person.AccountBalanceFen,
            Year = person.Year,
            FundPaidInYearFen = person.FundPaidInYearFen,
            OutpatientDeductibleUsedFen = person.OutpatientDeductibleUsedFen,
            QualifyingSelfBurdenInYearFen = person.QualifyingSelfBurdenInYearFen,
            SeriousIllnessPaidInYearFen = person.SeriousIllnessPaidInYearFen,
            AssistancePaidInYearFen = person.AssistancePaidInYearFen,
        };
        wire.Registrations.AddRange(person.Registrations.Select(r => ToWire(person.PersonId, r)));
        if (!person.AssistanceStatuses.IsDefault)
        {
            wire.AssistanceStatuses.AddRange(person.AssistanceStatuses.Select(s => new V1.AssistanceStatusPeriod
            {
                Status = EnumMapping.ToWire(s.Status),
                EffectiveFrom = CivilDate.Format(s.EffectiveFrom),
            }));
        }
        return wire;
    }

    public static V1.Registration ToWire(string personId, RegistrationFiled registration) => new()
    {
        RegistrationId = registration.RegistrationId,
        PersonId = personId,
        CareRegionCode = registration.CareRegionCode,
        ValidFrom = CivilDate.Format(registration.ValidFrom),
        ValidTo = CivilDate.Format(registration.ValidTo),
    };

    public static V1.ContributionResult ToWire(ContributionRecorded contribution) => new()
    {
        AccountCreditFen = contribution.AccountCreditFen,
        PooledCreditFen = contribution.PooledCreditFen,
        AccountBalanceFen = contribution.AccountBalanceAfterFen,
        SeriousIllnessCreditFen = contribution.SeriousIllnessCreditFen,
    };

    public static V1.Settlement ToWire(SettlementRecord s)
    {
        var b = s.Breakdown;
        return new V1.Settlement
        {
            SettlementId = s.Id,
            RequestId = s.RequestId,
            Period = s.Period,
            PersonId = s.PersonId,
            InsuredRegionCode = s.InsuredRegionCode,
            CareRegionCode = s.CareRegionCode,
            TotalFen = b.TotalFen,
            SelfPayCFen = b.SelfPayCFen,
            CopayBFen = b.CopayBFen,
            EligibleFen = b.EligibleFen,
            DeductibleFen = b.DeductibleFen,
            RatioBp = b.RatioBp,
            FundPayFen = b.FundPayFen,
            AccountPayFen = b.AccountPayFen,
            CashPayFen = b.CashPayFen,
            PolicyVersion = s.PolicyVersion,
            Reversed = s.Reversed,
            HospitalCode = s.HospitalCode,
            VisitType = EnumMapping.ToWire(s.VisitType),
            ServiceDate = CivilDate.Format(s.ServiceDate),
            AcceptedAt = Instant(s.AcceptedAt),
            ReversalId = s.ReversalId ?? "",
            RegisteredForCareRegion = s.RegisteredForCareRegion,
            QualifyingSelfBurdenFen = b.QualifyingSelfBurdenFen,
            SeriousIllnessPayFen = b.SeriousIllnessPayFen,
            AssistancePayFen = b.AssistancePayFen,
            OverLimitSelfPayFen = b.OverLimitSelfPayFen,
            CatalogueVersion = s.CatalogueVersion,
        };
    }

    /// <summary>What GetSettlement adds to the ledger's record: the lines as settled and the visit detail, from the event.</summary>
    public static void AddDetail(V1.Settlement wire, SettlementAccepted e)
    {
        foreach (var item in e.Items)
        {
            wire.Items.Add(new V1.SettledLineItem
            {
                Code = item.Code,
                Name = item.Name,
                Category = EnumMapping.ToWire(item.Category),
                Quantity = item.Quantity,
                AmountFen = item.AmountFen,
                UnitPriceFen = item.UnitPriceFen,
                CategorySent = EnumMapping.ToWire(item.SentCategory),
                PriceLimitFen = item.PriceLimitFen,
                OverLimitFen = item.OverLimitFen,
            });
        }
        if (e.Visit is { } visit)
        {
            wire.Visit = new V1.VisitDetail
            {
                AdmissionDate = visit.AdmissionDate is { } admitted ? CivilDate.Format(admitted) : "",
                DischargeDate = visit.DischargeDate is { } discharged ? CivilDate.Format(discharged) : "",
                DiagnosisCode = visit.DiagnosisCode ?? "",
            };
        }
    }

    public static V1.Reversal ToWire(SettlementReversed r) => ToWire(new ReversalRecord(
        r.ReversalId, r.SettlementId, r.Request.RequestId, r.Period, r.PersonId, r.InsuredRegionCode, r.CareRegionCode,
        r.FundPayFen, r.AccountPayFen, r.Request.AcceptedAt, r.SeriousIllnessPayFen, r.AssistancePayFen));

    public static V1.Reversal ToWire(ReversalRecord r) => new()
    {
        ReversalId = r.ReversalId,
        SettlementId = r.SettlementId,
        Period = r.Period,
        FundPayFen = r.FundPayFen,
        AccountPayFen = r.AccountPayFen,
        AcceptedAt = Instant(r.AcceptedAt),
        PersonId = r.PersonId,
        InsuredRegionCode = r.InsuredRegionCode,
        CareRegionCode = r.CareRegionCode,
        RequestId = r.RequestId,
        SeriousIllnessPayFen = r.SeriousIllnessPayFen,
        AssistancePayFen = r.AssistancePayFen,
    };

    public static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
