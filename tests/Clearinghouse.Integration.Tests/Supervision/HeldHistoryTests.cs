using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Supervision;

/// <summary>
/// The processor keeps a person's visits only within two months of their newest, beyond what the visit being judged
/// needs (their lines are most of its memory); a visit dated further back, which the rules pair with the visits of its own weeks, has the person read
/// again from their stream, so what it completes is flagged all the same.
/// </summary>
public sealed class HeldHistoryTests(HeldHistoryTests.Fixture fixture) : IClassFixture<HeldHistoryTests.Fixture>
{
    [Fact]
    public async Task A_visit_dated_before_the_persons_held_visits_is_judged_against_their_whole_stream()
    {
        // Held after the second visit only from two months before it: the first, three years back, is let go.
        var longAgo = fixture.Now.AddDays(-3 * 365);
        var first = await fixture.SettleOutpatientAsync(SupervisionFixture.CareA, SupervisionFixture.HospitalA, longAgo);
        await fixture.SettleOutpatientAsync(SupervisionFixture.CareA, SupervisionFixture.HospitalA, fixture.Now.AddDays(-1));
        var backDated = await fixture.SettleOutpatientAsync(SupervisionFixture.CareB, SupervisionFixture.HospitalB, longAgo);

        var flags = await fixture.FlagsAsync(flags => flags.Any(f => f.PersonId == Fixture.Person));

        var flag = Assert.Single(flags, f => f.PersonId == Fixture.Person);
        Assert.Equal("two_places_at_once", flag.RuleId);
        Assert.Equal([first.SettlementId, backDated.SettlementId], flag.SettlementIds.Order(StringComparer.Ordinal));
    }

    /// <summary>The supervision fixture with a few everyday people, and one person insured where policies go back years.</summary>
    public sealed class Fixture : SupervisionFixture
    {
        public const string Person = "sup-held";
        private const string LongInsured = "590101";

        protected override int EverydayPeople => 10;

        public DateOnly Now => Today;

        protected override async Task SeedAsync()
        {
            await base.SeedAsync();
            var scenario = new Scenario(this, "held");
            await scenario.RegionAsync(LongInsured, "Region " + LongInsured);
            await scenario.PolicyAsync(LongInsured, new DateOnly(Today.Year - 5, 1, 1), Policies.Standard());
            await scenario.PersonAsync(Person, LongInsured, Scheme.Employee, PersonCategory.Active);
        }

        public Task<Settlement> SettleOutpatientAsync(string careRegion, string hospital, DateOnly date) =>
            SettleAsync(Outpatient(Person, (careRegion, hospital), date, ("ITEM-A-200", 1, 2_000)));
    }
}
