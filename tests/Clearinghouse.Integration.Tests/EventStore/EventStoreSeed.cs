using Clearinghouse.Api.Identity;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.EventStore;

/// <summary>
/// A small history for the EventStoreDB protocol's tests: three regions with policies, a Shanghai hospital, a
/// Beijing and a Guangzhou person with contributions, and settlements of both in Shanghai.
/// </summary>
public sealed class EventStoreSeed(ClearinghouseFixture fixture)
{
    public const string Beijing = "110101";
    public const string Shanghai = "310101";
    public const string Guangzhou = "440103";
    public const string Hospital = "ES-SH";
    public const string BeijingPerson = "es-bj-1";
    public const string GuangzhouPerson = "es-gz-1";

    public static readonly Caller ShanghaiRegion = TestCallers.Region(Shanghai);
    public static readonly Caller BeijingRegion = TestCallers.Region(Beijing);
    public static readonly Caller GuangzhouRegion = TestCallers.Region(Guangzhou);

    private readonly Visits _visits = new(7);
    private int _settled;

    public async Task RunAsync()
    {
        var registry = new RegistryService.RegistryServiceClient(fixture.Host.ChannelFor(TestCallers.Operator));
        foreach (var code in new[] { Beijing, Shanghai, Guangzhou })
        {
            await registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "es-region-" + code, RegionCode = code, Name = "Region " + code });
            await registry.PublishPolicyAsync(new PublishPolicyRequest
            {
                RequestId = "es-policy-" + code, RegionCode = code, EffectiveFrom = ChinaClock.Format(new DateOnly(fixture.Today.Year - 1, 1, 1)), Policy = Policies.Standard(),
            });
        }
        await registry.RegisterHospitalAsync(new RegisterHospitalRequest { RequestId = "es-hospital", HospitalCode = Hospital, RegionCode = Shanghai, Name = "Hospital", Level = 2 });
        foreach (var (person, insured) in new[] { (BeijingPerson, Beijing), (GuangzhouPerson, Guangzhou) })
        {
            await registry.EnrollPersonAsync(new EnrollPersonRequest { RequestId = "es-enrol-" + person, PersonId = person, InsuredRegionCode = insured, Scheme = Scheme.Employee, Category = PersonCategory.Active });
            await registry.RecordContributionAsync(new RecordContributionRequest { RequestId = "es-contribution-" + person, PersonId = person, Period = ChinaClock.Period(fixture.Today), EmployerFen = 60_000, IndividualFen = 20_000 });
        }
        await SettleAsync(BeijingPerson);
        await SettleAsync(GuangzhouPerson);
        await SettleAsync(BeijingPerson);
    }

    /// <summary>One more settlement of <paramref name="person"/> in Shanghai, acknowledged (so committed).</summary>
    public async Task<Settlement> SettleAsync(string person)
    {
        var settlements = new SettlementService.SettlementServiceClient(fixture.Host.ChannelFor(ShanghaiRegion));
        var n = Interlocked.Increment(ref _settled);
        return await settlements.SettleAsync(_visits.Next($"es-settle-{n}", person, Shanghai, Hospital, fixture.Today, maxItems: 3));
    }
}
