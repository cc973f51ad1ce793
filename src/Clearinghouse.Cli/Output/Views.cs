using System.Globalization;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Output;

/// <summary>Wire messages → blocks. Amounts in yuan (exact, from fen); ratios as percentages from basis points.</summary>
public static class Views
{
    public static IEnumerable<Block> Period(Period period)
    {
        yield return new FieldsBlock("period", "Open period",
        [
            new("period", "Period", period.Period_),
            new("state", "State", State(period.State)),
        ]);
    }

    public static IEnumerable<Block> Summary(PeriodSummary s)
    {
        yield return new FieldsBlock("summary", $"Period {s.Period}",
        [
            new("period", "Period", s.Period),
            new("state", "State", State(s.State)),
            new("gross_yuan", "Gross (yuan)", Money.Yuan(s.GrossTotalFen)),
            new("net_yuan", "Net (yuan)", Money.Yuan(s.NetTotalFen)),
            new("netting_efficiency", "Netting efficiency", Money.Percent(s.NettingEfficiencyBp)),
            new("region_count", "Regions", Count(s.RegionCount)),
            new("settlement_count", "Settlements", Count(s.SettlementCount)),
            new("reversal_count", "Reversals", Count(s.ReversalCount)),
            new("next_period", "Next period", s.NextPeriod),
            new("cut_off_at", "Cut off at", s.CutOffAt),
            new("forced", "Forced", YesNo(s.Forced)),
            new("open_discrepancy_count", "Open discrepancies", Count(s.OpenDiscrepancies.Count)),
        ]);
        if (s.OpenDiscrepancies.Count > 0)
        {
            yield return Discrepancies(s.OpenDiscrepancies);
        }
    }

    /// <summary>One settlement: the bill, then what each payer paid (docs/domain.md, "Settlement").</summary>
    public static IEnumerable<Block> Settlement(Settlement s)
    {
        yield return new FieldsBlock("settlement", $"Settlement {s.SettlementId}",
        [
            new("settlement_id", "Settlement", s.SettlementId),
            new("request_id", "Request", s.RequestId),
            new("period", "Period", s.Period),
            new("person_id", "Person", s.PersonId),
            new("insured_region", "Insured region", s.InsuredRegionCode),
            new("care_region", "Care region", s.CareRegionCode),
            new("hospital", "Hospital", s.HospitalCode),
            new("service_date", "Service date", s.ServiceDate),
            new("accepted_at", "Accepted at", s.AcceptedAt),
            new("policy_version", "Policy version", Count(s.PolicyVersion)),
            new("total_yuan", "Total (yuan)", Money.Yuan(s.TotalFen)),
            new("self_pay_c_yuan", "Self-pay C (yuan)", Money.Yuan(s.SelfPayCFen)),
            new("over_limit_self_pay_yuan", "Over-limit self-pay (yuan)", Money.Yuan(s.OverLimitSelfPayFen)),
            new("copay_b_yuan", "Copay B (yuan)", Money.Yuan(s.CopayBFen)),
            new("eligible_yuan", "Eligible (yuan)", Money.Yuan(s.EligibleFen)),
            new("deductible_yuan", "Deductible applied (yuan)", Money.Yuan(s.DeductibleFen)),
            new("ratio", "Ratio", Money.Percent(s.RatioBp)),
            new("fund_pay_yuan", "Basic fund pay (yuan)", Money.Yuan(s.FundPayFen)),
            new("qualifying_self_burden_yuan", "Qualifying self-burden (yuan)", Money.Yuan(s.QualifyingSelfBurdenFen)),
            new("serious_illness_pay_yuan", "Serious-illness pay (yuan)", Money.Yuan(s.SeriousIllnessPayFen)),
            new("assistance_pay_yuan", "Assistance pay (yuan)", Money.Yuan(s.AssistancePayFen)),
            new("account_pay_yuan", "Account pay (yuan)", Money.Yuan(s.AccountPayFen)),
            new("cash_pay_yuan", "Cash pay (yuan)", Money.Yuan(s.CashPayFen)),
            new("reversed", "Reversed", YesNo(s.Reversed)),
            new("reversal_id", "Reversal", s.ReversalId),
            new("catalogue_version", "Catalogue version", Count(s.CatalogueVersion)),
            new("admission_date", "Admission date", s.Visit?.AdmissionDate ?? ""),
            new("discharge_date", "Discharge date", s.Visit?.DischargeDate ?? ""),
            new("diagnosis_code", "Main diagnosis (ICD-10)", s.Visit?.DiagnosisCode ?? ""),
        ]);
        if (s.Items.Count > 0)
        {
            yield return SettledItems(s.Items);
        }
    }

    /// <summary>The lines as settled: the category used beside the one sent, and the excess above a catalogue's price limit.</summary>
    private static TableBlock SettledItems(IEnumerable<SettledLineItem> items) => new("items", "Lines as settled (amounts in yuan)",
        [
            new("code", "Code"),
            new("name", "Name"),
            new("category", "Category"),
            new("category_sent", "Sent"),
            new("quantity", "Quantity", AlignRight: true),
            new("unit_price_yuan", "Unit price", AlignRight: true),
            new("amount_yuan", "Amount", AlignRight: true),
            new("price_limit_yuan", "Price limit", AlignRight: true),
            new("over_limit_yuan", "Over limit", AlignRight: true),
        ],
        [.. items.Select(i => (IReadOnlyList<string>)
        [
            i.Code, i.Name, i.Category.ToString(), i.CategorySent.ToString(), Count(i.Quantity), Money.Yuan(i.UnitPriceFen),
            Money.Yuan(i.AmountFen), Money.Yuan(i.PriceLimitFen), Money.Yuan(i.OverLimitFen),
        ])]);

    public static IEnumerable<Block> Statement(Statement s)
    {
        yield return Lines($"Statement of region {s.RegionCode} for {s.Period}", s.Lines, s.ReceivableTotalFen, s.PayableTotalFen);
        var fields = new List<Field>
        {
            new("period", "Period", s.Period),
            new("region", "Region", s.RegionCode),
            new("receivable_total_yuan", "Receivable total (yuan)", Money.Yuan(s.ReceivableTotalFen)),
            new("payable_total_yuan", "Payable total (yuan)", Money.Yuan(s.PayableTotalFen)),
            new("net_yuan", "Net (yuan, + receives)", Money.Yuan(s.NetFen)),
            new("net", "Net position", Money.Net(s.NetFen)),
            new("prepayment_drawn_yuan", "Prepayment drawn (yuan)", Money.Yuan(s.PrepaymentDrawnFen)),
            new("amount_due_yuan", "Amount due (yuan)", Money.Yuan(s.AmountDueFen)),
            new("prepayment_balance_yuan", "Prepayment balance (yuan)", Money.Yuan(s.PrepaymentBalanceFen)),
            new("confirmed", "Confirmed", YesNo(s.Confirmed)),
            new("confirmed_at", "Confirmed at", s.ConfirmedAt),
        };
        if (s.TopUpNotice is { } notice)
        {
            fields.Add(new("top_up_balance_yuan", "Top-up notice: balance (yuan)", Money.Yuan(notice.BalanceFen)));
            fields.Add(new("top_up_threshold_yuan", "Top-up notice: threshold (yuan)", Money.Yuan(notice.ThresholdFen)));
            fields.Add(new("top_up_shortfall_yuan", "Top-up notice: deposit at least (yuan)", Money.Yuan(notice.ShortfallFen)));
            fields.Add(new("top_up_period_count", "Top-up notice: periods averaged", Count(notice.PeriodCount)));
        }
        fields.Add(new("open_discrepancy_count", "Open discrepancies", Count(s.OpenDiscrepancies.Count)));
        yield return new FieldsBlock("statement", $"Region {s.RegionCode}, {s.Period}", fields);
        if (s.OpenDiscrepancies.Count > 0)
        {
            yield return Discrepancies(s.OpenDiscrepancies);
        }
    }

    /// <summary>The open period's running position: the lines and figures a close now would give the region.</summary>
    public static IEnumerable<Block> Position(PeriodPosition p)
    {
        yield return Lines($"Position of region {p.RegionCode} in the open period {p.Period}, as of {p.AsOf}", p.Lines, p.ReceivableTotalFen, p.PayableTotalFen);
        yield return new FieldsBlock("position", $"Region {p.RegionCode}, {p.Period} so far",
        [
            new("period", "Period", p.Period),
            new("region", "Region", p.RegionCode),
            new("as_of", "As of", p.AsOf),
            new("receivable_total_yuan", "Receivable total (yuan)", Money.Yuan(p.ReceivableTotalFen)),
            new("payable_total_yuan", "Payable total (yuan)", Money.Yuan(p.PayableTotalFen)),
            new("net_yuan", "Net so far (yuan, + receives)", Money.Yuan(p.NetFen)),
            new("net", "Net position so far", Money.Net(p.NetFen)),
            new("prepayment_balance_yuan", "Prepayment balance (yuan)", Money.Yuan(p.PrepaymentBalanceFen)),
            new("prospective_prepayment_drawn_yuan", "A close now would draw (yuan)", Money.Yuan(p.ProspectivePrepaymentDrawnFen)),
            new("prospective_amount_due_yuan", "A close now would leave due (yuan)", Money.Yuan(p.ProspectiveAmountDueFen)),
        ]);
    }

    private static TableBlock Lines(string title, IReadOnlyList<StatementLine> lines, long receivableTotalFen, long payableTotalFen)
    {
        var rows = lines
            .Select(l => (IReadOnlyList<string>)
                [l.CounterpartyRegionCode, Money.Yuan(l.ReceivableFen), Money.Yuan(l.PayableFen), Count(l.SettlementCount), Count(l.ReversalCount),
                 Money.Yuan(l.SeriousIllnessAdvancedFen), Money.Yuan(l.AssistanceAdvancedFen), Money.Yuan(l.SeriousIllnessOwedFen), Money.Yuan(l.AssistanceOwedFen)])
            .Append(
                ["total", Money.Yuan(receivableTotalFen), Money.Yuan(payableTotalFen),
                 Count(lines.Sum(l => l.SettlementCount)), Count(lines.Sum(l => l.ReversalCount)),
                 Money.Yuan(lines.Sum(l => l.SeriousIllnessAdvancedFen)), Money.Yuan(lines.Sum(l => l.AssistanceAdvancedFen)),
                 Money.Yuan(lines.Sum(l => l.SeriousIllnessOwedFen)), Money.Yuan(lines.Sum(l => l.AssistanceOwedFen))])
            .ToList();
        return new TableBlock("lines", title,
        [
            new("counterparty", "Counterparty"),
            new("receivable_yuan", "Receivable (yuan)", AlignRight: true),
            new("payable_yuan", "Payable (yuan)", AlignRight: true),
            new("settlements", "Settlements", AlignRight: true),
            new("reversals", "Reversals", AlignRight: true),
            new("serious_illness_advanced_yuan", "Serious illness advanced (yuan)", AlignRight: true),
            new("assistance_advanced_yuan", "Assistance advanced (yuan)", AlignRight: true),
            new("serious_illness_owed_yuan", "Serious illness owed (yuan)", AlignRight: true),
            new("assistance_owed_yuan", "Assistance owed (yuan)", AlignRight: true),
        ], rows);
    }

    public static IEnumerable<Block> Transfers(string period, IReadOnlyList<Transfer> transfers)
    {
        yield return new TableBlock("transfers", $"Transfers of {period}",
        [
            new("transfer_id", "Transfer"),
            new("from", "From"),
            new("to", "To"),
            new("kind", "Kind"),
            new("amount_yuan", "Amount (yuan)", AlignRight: true),
            new("status", "Status"),
            new("bank_reference", "Bank reference"),
            new("executed_at", "Executed at"),
        ], [.. transfers.Select(t => (IReadOnlyList<string>)
            [t.TransferId, t.FromRegionCode, t.ToRegionCode, Kind(t.Kind), Money.Yuan(t.AmountFen), Status(t.Status), t.BankReference, t.ExecutedAt])]);
    }

    public static IEnumerable<Block> Account(Account account)
    {
        yield return new FieldsBlock("account", $"Account {account.AccountId}",
        [
            new("account_id", "Account", account.AccountId),
            new("balance_yuan", "Balance (yuan)", Money.Yuan(account.BalanceFen)),
            new("entry_count", "Entries", account.EntryCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("as_of", "As of", account.AsOf),
            new("unbooked_yuan", "Not yet booked (yuan)", Money.Yuan(account.UnbookedFen)),
        ]);
    }

    public static IEnumerable<Block> Entries(string accountId, IEnumerable<AccountEntry> entries)
    {
        yield return new TableBlock("entries", $"Entries of {accountId}",
        [
            new("sequence", "#", AlignRight: true),
            new("booked_at", "Booked at"),
            new("cause", "Cause"),
            new("cause_id", "Cause id"),
            new("amount_yuan", "Amount (yuan)", AlignRight: true),
            new("balance_after_yuan", "Balance after (yuan)", AlignRight: true),
            new("actor", "Actor"),
            new("bank_reference", "Bank reference"),
        ], [.. entries.Select(e => (IReadOnlyList<string>)
            [e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), e.BookedAt, Cause(e.Cause), e.CauseId,
             Money.Yuan(e.AmountFen), Money.Yuan(e.BalanceAfterFen), e.Actor, e.BankReference])]);
    }

    public static string Status(TransferStatus status) => status switch
    {
        TransferStatus.Pending => "pending",
        TransferStatus.Executed => "executed",
        _ => "unspecified",
    };

    public static string Cause(EntryCause cause) => cause switch
    {
        EntryCause.Contribution => "contribution",
        EntryCause.Settlement => "settlement",
        EntryCause.Reversal => "reversal",
        EntryCause.Deposit => "deposit",
        EntryCause.Withdrawal => "withdrawal",
        EntryCause.Close => "close",
        EntryCause.Transfer => "transfer",
        _ => "unspecified",
    };

    public static IEnumerable<Block> Balance(PrepaymentBalance balance)
    {
        yield return new FieldsBlock("prepayment", $"Prepayment of region {balance.RegionCode}",
        [
            new("region", "Region", balance.RegionCode),
            new("balance_yuan", "Balance (yuan)", Money.Yuan(balance.BalanceFen)),
        ]);
    }

    public static Block Discrepancies(IEnumerable<OpenDiscrepancy> discrepancies) =>
        new TableBlock("open_discrepancies", "Open reconciliation discrepancies",
        [
            new("discrepancy_id", "Discrepancy"),
            new("care_region", "Care region"),
            new("business_date", "Business date"),
            new("kind", "Kind"),
            new("request_id", "Request id"),
        ], [.. discrepancies.Select(d => (IReadOnlyList<string>)[d.DiscrepancyId, d.CareRegionCode, d.BusinessDate, Kind(d.Kind), d.RequestId])]);

    public static Block Actions(IEnumerable<ActionRecord> actions) =>
        new TableBlock("actions", "Actions, newest first",
            [new("accepted_at", "Accepted at"), new("actor", "Actor"), new("kind", "Kind"), new("regions", "Regions"),
             new("stream", "Stream"), new("request_scope", "Request scope"), new("request_id", "Request id")],
            [.. actions.Select(a => (IReadOnlyList<string>)[a.AcceptedAt, a.Actor, a.EventKind, string.Join(' ', a.RegionCodes), a.Stream, a.RequestScope, a.RequestId])]);

    public static string State(PeriodState state) => state switch
    {
        PeriodState.Open => "open",
        PeriodState.Closing => "closing",
        PeriodState.Closed => "closed",
        _ => "unspecified",
    };

    public static string Kind(TransferKind kind) => kind switch
    {
        TransferKind.PrepaymentDraw => "prepayment_draw",
        TransferKind.AmountDue => "amount_due",
        TransferKind.Payout => "payout",
        _ => "unspecified",
    };

    public static string Kind(DiscrepancyKind kind) => kind switch
    {
        DiscrepancyKind.MissingInClearinghouse => "missing_in_clearinghouse",
        DiscrepancyKind.MissingInRegion => "missing_in_region",
        DiscrepancyKind.AmountMismatch => "amount_mismatch",
        DiscrepancyKind.DuplicateInReport => "duplicate_in_report",
        _ => "unspecified",
    };

    public static string YesNo(bool value) => value ? "yes" : "no";

    public static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
