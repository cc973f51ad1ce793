using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands.Demo;

/// <summary>
/// The demo's regions (each with a policy, two hospitals and a prepayment deposit) and its people (enrolled,
/// one month's contribution, every other one with a registration), over RegistryService and ClearingService.
/// Every call carries a request id from <see cref="DemoWorld"/>, so a re-run is answered as a retry.
/// </summary>
public static class DemoRegistry
{
    private const string PolicyEffectiveFrom = "2020-01-01";
    private const string RegistrationValidFrom = "2020-01-01";
    private const string RegistrationValidTo = "2099-12-31";

    /// <summary>Calls in flight at once: enough to hide round trips, few enough for one HTTP/2 connection.</summary>
    private const int Parallelism = 16;

    public static async Task SetUpAsync(Connection clients, DemoWorld world, DemoMonth month, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, DemoWorld.RegionCount), options, async (region, ct) =>
            await SetUpRegionAsync(clients, world, month, region, ct));
        await Parallel.ForEachAsync(Enumerable.Range(0, world.PersonCount), options, async (person, ct) =>
            await SetUpPersonAsync(clients, world, month, person, ct));
    }

    private static async Task SetUpRegionAsync(Connection clients, DemoWorld world, DemoMonth month, int region, CancellationToken ct)
    {
        var code = world.RegionCodes[region];
        await clients.Registry.UpsertRegionAsync(
            new UpsertRegionRequest { RequestId = world.Id($"region-{code}"), RegionCode = code, Name = world.RegionName(region, month) },
            clients.Call(ct));
        await clients.Registry.PublishPolicyAsync(
            new PublishPolicyRequest { RequestId = world.Id($"policy-{code}"), RegionCode = code, EffectiveFrom = PolicyEffectiveFrom, Policy = Policy() },
            clients.Call(ct));
        for (var hospital = 0; hospital < DemoWorld.HospitalsPerRegion; hospital++)
        {
            await clients.Registry.RegisterHospitalAsync(new RegisterHospitalRequest
            {
                RequestId = world.Id($"hospital-{code}-{hospital + 1}"),
                RegionCode = code,
                HospitalCode = world.HospitalCode(region, hospital),
                Name = $"Demo hospital {(char)('A' + region)}{hospital + 1}",
                Level = DemoWorld.HospitalLevel(hospital),
            }, clients.Call(ct));
        }
        // The payment's bank reference follows from the region and month, like the request id, so a re-run
        // sends the same request and is answered as a retry.
        await clients.Clearing.DepositPrepaymentAsync(
            new DepositPrepaymentRequest
            {
                RequestId = world.Id($"deposit-{month.Period}"), RegionCode = code, AmountFen = DemoWorld.DepositFen,
                BankReference = $"DEMO-{code}-{month.Period}",
            },
            clients.Call(ct));
    }

    private static async Task SetUpPersonAsync(Connection clients, DemoWorld world, DemoMonth month, int person, CancellationToken ct)
    {
        var personId = world.PersonId(person);
        await clients.Registry.EnrollPersonAsync(new EnrollPersonRequest
        {
            RequestId = world.Id($"enrol-{person}"),
            PersonId = personId,
            InsuredRegionCode = world.RegionCodes[world.InsuredRegion(person)],
            Scheme = DemoWorld.SchemeOf(person),
            Category = DemoWorld.CategoryOf(person),
        }, clients.Call(ct));
        var (employer, individual) = DemoWorld.Contribution(person);
        await clients.Registry.RecordContributionAsync(new RecordContributionRequest
        {
            RequestId = world.Id($"contribution-{month.Period}-{person}"),
            PersonId = personId,
            Period = month.Period,
            EmployerFen = employer,
            IndividualFen = individual,
        }, clients.Call(ct));
        if (world.RegistrationRegion(person) is { } care)
        {
            await clients.Registry.FileRegistrationAsync(new FileRegistrationRequest
            {
                RequestId = world.Id($"registration-{person}"),
                PersonId = personId,
                CareRegionCode = world.RegionCodes[care],
                ValidFrom = RegistrationValidFrom,
                ValidTo = RegistrationValidTo,
            }, clients.Call(ct));
        }
    }

    /// <summary>An ordinary two-scheme policy: deductibles, ratios by visit type and hospital level, a retiree bonus, a cap.</summary>
    public static Policy Policy() => new()
    {
        Schemes =
        {
            Scheme(V1.Scheme.Employee, copayB: 1000, retiredBonus: 500, unregisteredReduction: 1000, employerToAccount: 3000,
                outpatientDeductible: 20_000, outpatientRatio: [8000, 7500, 7000], inpatientDeductible: [30_000, 60_000, 90_000], inpatientRatio: [9000, 8500, 8000]),
            Scheme(V1.Scheme.Resident, copayB: 1500, retiredBonus: 300, unregisteredReduction: 1500, employerToAccount: 0,
                outpatientDeductible: 10_000, outpatientRatio: [6000, 5500, 5000], inpatientDeductible: [20_000, 50_000, 80_000], inpatientRatio: [8000, 7000, 6000]),
        },
    };

    private static SchemePolicy Scheme(
        Scheme scheme, int copayB, int retiredBonus, int unregisteredReduction, int employerToAccount,
        long outpatientDeductible, int[] outpatientRatio, long[] inpatientDeductible, int[] inpatientRatio)
    {
        var policy = new SchemePolicy
        {
            Scheme = scheme,
            CategoryBCopayBp = copayB,
            RetiredBonusBp = retiredBonus,
            UnregisteredReductionBp = unregisteredReduction,
            AnnualCapFen = 30_000_000,
            EmployerToAccountBp = employerToAccount,
        };
        for (var level = 1; level <= 3; level++)
        {
            policy.Rules.Add(new BenefitRule { VisitType = VisitType.Outpatient, HospitalLevel = level, DeductibleFen = outpatientDeductible, RatioBp = outpatientRatio[level - 1] });
            policy.Rules.Add(new BenefitRule { VisitType = VisitType.Inpatient, HospitalLevel = level, DeductibleFen = inpatientDeductible[level - 1], RatioBp = inpatientRatio[level - 1] });
        }
        return policy;
    }
}
