using System.Collections.Immutable;
using Clearinghouse.Domain.Clearing;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Reconciliation;

namespace Clearinghouse.Domain.Tests.Events;

public sealed class EventKindsTests
{
    private static readonly RequestStamp Stamp = new("310101", "r-1", "f", DateTimeOffset.UnixEpoch, "region:310101");

    [Fact]
    public void Every_event_type_has_its_kind_in_snake_case()
    {
        Assert.Equal(
            [
                "assistance_status_set", "catalogue_items_listed", "catalogue_published", "contribution_recorded", "daily_report_reconciled", "discrepancy_resolved", "flag_resolved", "hospital_registered", "period_closed",
                "period_cut_off", "period_opened", "person_enrolled", "person_reinstated", "person_suspended", "policy_published",
                "pooled_fund_booked", "prepayment_account_opened", "prepayment_carried_over", "prepayment_deposited", "prepayment_drawn",
                "prepayment_draws_booked", "prepayment_withdrawn", "prepayments_carried_over", "region_upserted", "registration_filed",
                "settlement_accepted", "settlement_flagged", "settlement_reversed", "statement_confirmed", "statement_issued", "supervision_checkpointed", "transfer_executed",
            ],
            EventKinds.All);
        Assert.Equal("period_cut_off", EventKinds.Of(new PeriodCutOff(Stamp, "2026-11", "2026-12", Forced: false)));
        Assert.True(EventKinds.IsKnown("settlement_accepted"));
        Assert.False(EventKinds.IsKnown("settlement_accepted_v1"));
        Assert.Throws<ArgumentOutOfRangeException>(() => EventKinds.Of(typeof(string)));
    }

    private static string[] Regions(IStampedEvent e) => [.. EventRegions.Of(e)];

    [Fact]
    public void An_event_concerns_the_regions_it_names_and_a_persons_event_its_insured_region()
    {
        Assert.Equal(["110101"], Regions(new PersonEnrolled(Stamp with { Scope = "110101" }, "p", "110101", Scheme.Employee, PersonCategory.Active)));
        // Events of a person's stream that name no region were accepted in the person's insured region.
        Assert.Equal(["110101"], Regions(new PersonSuspended(Stamp with { Scope = "110101" }, "moved")));
        Assert.Equal(["110101", "310101"], Regions(new RegistrationFiled(Stamp with { Scope = "110101" }, "g", "310101", default, default)));
        Assert.Equal(["310101"], Regions(new RegistrationFiled(Stamp, "g", "310101", default, default)));
        Assert.Equal(["310101"], Regions(new DiscrepancyResolved(Stamp, "d", DiscrepancyResolution.WrittenOff, "", "wang")));
        Assert.Equal(["120101"], Regions(new PrepaymentDeposited(Stamp with { Scope = "120101" }, "120101", 1, 1, "B")));
        // The clearinghouse books a pooled fund in its own scope; the booking concerns the fund's region.
        Assert.Equal(["610924"], Regions(new PooledFundBooked(
            Stamp with { Scope = ClearingAccount.Code }, "610924", 0, 5, "2026-12", new Domain.Accounts.PooledMovements(1, 10, 0, 0, 0, 0), 10)));
        // A flag concerns the insured region and every care region of the settlements it names.
        var flagged = new SettlementFlagged(
            Stamp with { Scope = "supervision" }, "F1", "k", "two_places_at_once", Domain.Supervision.Severity.Medium, "110101", "310101", "H", "p", "2026-11",
            ["s1", "s2"], [], [], 7, ["310101", "440103"]);
        Assert.Equal(["110101", "310101", "440103"], Regions(flagged));
        Assert.Equal(["110101", "310101", "440103"], Regions(new FlagResolved(
            Stamp with { Scope = "supervision" }, "F1", Domain.Supervision.FlagResolution.Confirmed, "", "wang", true, flagged.Parties)));
        Assert.Empty(Regions(new SupervisionCheckpointed(Stamp with { Scope = "supervision" }, 7)));
        Assert.Empty(Regions(new PeriodOpened(Stamp with { Scope = ClearingAccount.Code }, "2026-12")));
        Assert.Equal(["110101", "440103"], Regions(new PeriodClosed(
            Stamp, "2026-11", null!, [], [], [], [], ImmutableArray.Create("110101", "440103"))));
    }
}
