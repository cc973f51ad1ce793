using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Persons;
using Clearinghouse.Domain.Tests.Support;

namespace Clearinghouse.Domain.Tests.Persons;

/// <summary>The person's state as folded from their stream: status, registrations (备案) and the account.</summary>
public sealed class PersonStateTests
{
    private static PersonState Enrolled()
    {
        var person = new PersonState();
        person.Apply(PersonStream.Enrolled(Scheme.Employee, PersonCategory.Retired));
        return person;
    }

    [Fact]
    public void Enrolment_makes_an_active_person_with_an_empty_account()
    {
        var person = Enrolled();

        Assert.True(person.IsEnrolled);
        Assert.Equal(PersonStatus.Active, person.Status);
        Assert.Equal(PersonCategory.Retired, person.Enrollment!.Category);
        Assert.Equal(0, person.AccountBalanceFen);
        Assert.Equal(YearTotals.Zero, person.TotalsFor(2026));
        Assert.Equal(1, person.Version);
    }

    [Fact]
    public void Registration_is_valid_from_its_first_to_its_last_day_inclusive_for_its_care_region_only()
    {
        var person = Enrolled();
        person.Apply(new RegistrationFiled(PersonStream.Stamp("reg"), "REG-1", PersonStream.CareRegion,
            ValidFrom: new DateOnly(2026, 3, 1), ValidTo: new DateOnly(2026, 8, 31)));

        Assert.False(person.IsRegisteredFor(PersonStream.CareRegion, new DateOnly(2026, 2, 28)));
        Assert.True(person.IsRegisteredFor(PersonStream.CareRegion, new DateOnly(2026, 3, 1)));
        Assert.True(person.IsRegisteredFor(PersonStream.CareRegion, new DateOnly(2026, 8, 31)));
        Assert.False(person.IsRegisteredFor(PersonStream.CareRegion, new DateOnly(2026, 9, 1)));
        Assert.False(person.IsRegisteredFor("440305", new DateOnly(2026, 5, 1)));
    }

    [Fact]
    public void Suspension_and_reinstatement_change_the_status()
    {
        var person = Enrolled();

        person.Apply(new PersonSuspended(PersonStream.Stamp("s"), "moved away"));
        Assert.Equal(PersonStatus.Suspended, person.Status);

        person.Apply(new PersonReinstated(PersonStream.Stamp("r")));
        Assert.Equal(PersonStatus.Active, person.Status);
        Assert.Equal(3, person.Version);
    }

    [Fact]
    public void Contributions_credit_the_account_by_their_account_share()
    {
        var person = Enrolled();

        person.Apply(PersonStream.Contribution("c1", 50_000, 50_000));
        person.Apply(PersonStream.Contribution("c2", 12_345, 62_345));

        Assert.Equal(62_345, person.AccountBalanceFen);
        // Enrolment is version 1, c1 version 2: c2 produced version 3.
        Assert.Equal(3, person.FindRequest(RequestKey.Of(PersonStream.InsuredRegion, "c2")));
        Assert.Null(person.FindRequest(RequestKey.Of("999999", "c2")));
    }

    [Fact]
    public void Person_stream_refuses_a_region_event()
    {
        var person = Enrolled();
        var foreign = new RegionUpserted(PersonStream.Stamp("x"), "610924", "汉阴县");

        Assert.Throws<InvariantViolationException>(() => person.Apply(foreign));
        Assert.Equal(1, person.Version);
    }
}
