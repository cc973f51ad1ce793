using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Persons;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// <see cref="PersonReferences"/> makes person grain references without Orleans' per-call type resolution:
/// they must be exactly the references Orleans makes, and reach the person's activation.
/// </summary>
public sealed class PersonReferencesTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    [Fact]
    public async Task A_person_reference_is_the_one_Orleans_makes_and_reaches_that_persons_grain()
    {
        var scenario = new Scenario(fixture, "refs");
        await scenario.RegionAsync("510000", "Sichuan");
        await scenario.PersonAsync("refs-p1", "510000", Scheme.Employee, PersonCategory.Active);
        var references = fixture.Host.Services.GetRequiredService<PersonReferences>();
        var grains = fixture.Host.Services.GetRequiredService<IGrainFactory>();

        foreach (var id in new[] { "refs-p1", "参保人-２", new string('x', 300) })
        {
            var ours = (GrainReference)(object)references.Get(id);
            var orleans = (GrainReference)(object)grains.GetGrain<IPersonGrain>(id);
            Assert.Equal(orleans.GrainId, ours.GrainId);
            Assert.Equal(orleans.InterfaceType, ours.InterfaceType);
        }
        var person = await references.Get("refs-p1").Get(0);
        Assert.Equal(("refs-p1", "510000"), (person?.PersonId, person?.InsuredRegionCode));
        Assert.Null(await references.Get("refs-nobody").Get(0));
        Assert.Throws<ArgumentException>(() => references.Get(" "));
    }
}
