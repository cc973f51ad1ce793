using Clearinghouse.Domain;
using Clearinghouse.Domain.Clearing;
using Clearinghouse.Domain.Reconciliation;
using Clearinghouse.Grains.Abstractions;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>Clearing views → wire messages.</summary>
public static class ClearingWireMapping
{
    public static V1.PeriodState ToWire(PeriodPhase phase) => phase switch
    {
        PeriodPhase.Open => V1.PeriodState.Open,
        PeriodPhase.Closing => V1.PeriodState.Closing,
        PeriodPhase.Closed => V1.PeriodState.Closed,
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };

    public static V1.PeriodSummary ToWire(PeriodView view)
    {
        var summary = new V1.PeriodSummary
        {
            Period = view.Period,
            State = ToWire(view.Phase),
            NextPeriod = view.CutOff?.NextPeriod ?? "",
            CutOffAt = view.CutOff is { } cut ? WireMapping.Instant(cut.Request.AcceptedAt) : "",
            Forced = view.CutOff?.Forced ?? false,
        };
        if (view.Closed is { } closed)
        {
            var s = closed.Summary;
            summary.GrossTotalFen = s.GrossTotalFen;
            summary.NetTotalFen = s.NetTotalFen;
            summary.NettingEfficiencyBp = s.NettingEfficiencyBp;
            summary.RegionCount = s.RegionCount;
            summary.SettlementCount = s.SettlementCount;
            summary.ReversalCount = s.ReversalCount;
            summary.OpenDiscrepancies.AddRange(closed.OpenDiscrepancies.Select(ToWire));
        }
        return summary;
    }

    /// <summary>The position a close would give the region now, in the open period.</summary>
    public static V1.PeriodPosition ToWire(string period, RegionPosition p, long prepaymentBalanceFen, DateTimeOffset asOf)
    {
        var position = new V1.PeriodPosition
        {
            Period = period,
            RegionCode = p.RegionCode,
            AsOf = WireMapping.Instant(asOf),
            ReceivableTotalFen = p.ReceivableTotalFen,
            PayableTotalFen = p.PayableTotalFen,
            NetFen = p.NetFen,
            PrepaymentBalanceFen = prepaymentBalanceFen,
            ProspectivePrepaymentDrawnFen = p.PrepaymentDrawnFen,
            ProspectiveAmountDueFen = p.AmountDueFen,
        };
        position.Lines.AddRange(p.Lines.Select(ToWire));
        return position;
    }

    /// <summary>
    /// The open period's overview: what a close now would give, region by region (a row for each of
    /// <paramref name="regions"/>, zeros for one with no obligation this period), and the pairs' gross.
    /// </summary>
    public static V1.PeriodOverview ToWire(
        string period, DateTimeOffset asOf, IReadOnlyList<string> regions, NettingResult netting, IEnumerable<PairObligation> pairs,
        IReadOnlyDictionary<string, long> balances)
    {
        var overview = new V1.PeriodOverview
        {
            Period = period,
            AsOf = WireMapping.Instant(asOf),
            GrossTotalFen = netting.Summary.GrossTotalFen,
            NetTotalFen = netting.Summary.NetTotalFen,
            NettingEfficiencyBp = netting.Summary.NettingEfficiencyBp,
            RegionCount = netting.Summary.RegionCount,
            SettlementCount = netting.Summary.SettlementCount,
            ReversalCount = netting.Summary.ReversalCount,
        };
        var positions = netting.Positions.ToDictionary(p => p.RegionCode, StringComparer.Ordinal);
        overview.Regions.AddRange(regions.Select(r => positions.GetValueOrDefault(r) ?? new RegionPosition(r, [], 0, 0, 0, 0, 0, balances.GetValueOrDefault(r))).Select(p => new V1.RegionOverview
        {
            RegionCode = p.RegionCode,
            ReceivableTotalFen = p.ReceivableTotalFen,
            PayableTotalFen = p.PayableTotalFen,
            NetFen = p.NetFen,
            PrepaymentBalanceFen = balances.GetValueOrDefault(p.RegionCode),
            ProspectivePrepaymentDrawnFen = p.PrepaymentDrawnFen,
            ProspectiveAmountDueFen = p.AmountDueFen,
        }));
        overview.Pairs.AddRange(pairs
            .OrderBy(p => p.InsuredRegionCode, StringComparer.Ordinal).ThenBy(p => p.CareRegionCode, StringComparer.Ordinal)
            .Select(p => new V1.PairGross
            {
                InsuredRegionCode = p.InsuredRegionCode,
                CareRegionCode = p.CareRegionCode,
                GrossFen = p.GrossFen,
                SettlementCount = p.SettlementCount,
                ReversalCount = p.ReversalCount,
            }));
        return overview;
    }

    private static V1.StatementLine ToWire(StatementLine line) => new()
    {
        CounterpartyRegionCode = line.CounterpartyRegionCode,
        ReceivableFen = line.ReceivableFen,
        PayableFen = line.PayableFen,
        SettlementCount = line.SettlementCount,
        ReversalCount = line.ReversalCount,
        SeriousIllnessAdvancedFen = line.SeriousIllnessAdvancedFen,
        AssistanceAdvancedFen = line.AssistanceAdvancedFen,
        SeriousIllnessOwedFen = line.SeriousIllnessOwedFen,
        AssistanceOwedFen = line.AssistanceOwedFen,
    };

    /// <summary>A statement with the period's transfers to or from its region.</summary>
    public static V1.Statement ToWire(StatementView view, IEnumerable<TransferView> transfers)
    {
        var statement = ToWire(view);
        var region = statement.RegionCode;
        statement.Transfers.AddRange(transfers
            .Where(t => t.Transfer.FromRegionCode == region || t.Transfer.ToRegionCode == region)
            .Select(ToWire));
        return statement;
    }

    public static V1.Statement ToWire(StatementView view)
    {
        var issued = view.Issued;
        var p = issued.Position;
        var statement = new V1.Statement
        {
            Period = issued.Period,
            RegionCode = p.RegionCode,
            ReceivableTotalFen = p.ReceivableTotalFen,
            PayableTotalFen = p.PayableTotalFen,
            NetFen = p.NetFen,
            PrepaymentDrawnFen = p.PrepaymentDrawnFen,
            AmountDueFen = p.AmountDueFen,
            PrepaymentBalanceFen = p.PrepaymentBalanceAfterFen,
            Confirmed = view.Confirmation is not null,
            ConfirmedAt = view.Confirmation is { } c ? WireMapping.Instant(c.Request.AcceptedAt) : "",
        };
        statement.Lines.AddRange(p.Lines.Select(ToWire));
        if (issued.TopUp is { } notice)
        {
            statement.TopUpNotice = new V1.TopUpNotice
            {
                BalanceFen = notice.BalanceFen,
                ThresholdFen = notice.ThresholdFen,
                ShortfallFen = notice.ShortfallFen,
                PeriodCount = notice.PeriodCount,
            };
        }
        statement.OpenDiscrepancies.AddRange(issued.OpenDiscrepancies.Select(ToWire));
        return statement;
    }

    public static V1.Transfer ToWire(TransferView view)
    {
        var transfer = ToWire(view.Transfer);
        transfer.TransferId = view.TransferId;
        transfer.Status = view.Execution is null ? V1.TransferStatus.Pending : V1.TransferStatus.Executed;
        transfer.BankReference = view.Execution?.BankReference ?? "";
        transfer.ExecutedAt = view.Execution is { } execution ? WireMapping.Instant(execution.ExecutedAt) : "";
        return transfer;
    }

    public static V1.Transfer ToWire(Transfer transfer) => new()
    {
        FromRegionCode = transfer.FromRegionCode,
        ToRegionCode = transfer.ToRegionCode,
        AmountFen = transfer.AmountFen,
        Kind = transfer.Kind switch
        {
            TransferKind.PrepaymentDraw => V1.TransferKind.PrepaymentDraw,
            TransferKind.AmountDue => V1.TransferKind.AmountDue,
            TransferKind.Payout => V1.TransferKind.Payout,
            _ => throw new ArgumentOutOfRangeException(nameof(transfer), transfer.Kind, null),
        },
    };

    public static V1.OpenDiscrepancy ToWire(OpenDiscrepancyRef d) => new()
    {
        DiscrepancyId = d.DiscrepancyId,
        CareRegionCode = d.CareRegionCode,
        BusinessDate = CivilDate.Format(d.BusinessDate),
        Kind = ReconciliationWireMapping.ToWire(d.Kind),
        RequestId = d.RequestId,
    };

    /// <summary>What a subscribed region is told about a period.</summary>
    public static V1.PeriodNotice Notice(PeriodView view, string? regionCode)
    {
        var notice = new V1.PeriodNotice { Period = view.Period, State = ToWire(view.Phase), NextPeriod = view.CutOff?.NextPeriod ?? "" };
        if (view.Closed is { } closed && !string.IsNullOrEmpty(regionCode))
        {
            notice.StatementReady = closed.StatementRegionCodes.Contains(regionCode);
            notice.NetFen = closed.Regions.FirstOrDefault(r => r.RegionCode == regionCode)?.NetFen ?? 0;
        }
        return notice;
    }
}
