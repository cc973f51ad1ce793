using System.Diagnostics;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.LoadGen.Settle;

/// <summary>
/// Creates the world over the real API: regions, a policy each, hospitals, then people with a contribution
/// and (for ~70%) a registration in another region. All request ids derive from the run id, so a re-run with
/// the same --run-id is answered from the server's idempotency records instead of failing.
/// </summary>
public sealed class Setup(World world, Rpc rpc, int parallelism, Progress progress)
{
    private long _calls;
    private long _peopleDone;

    public long Calls => Interlocked.Read(ref _calls);

    public async Task<SetupResult> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(world.Regions, cancellationToken, async (region, ct) => await SetUpRegion(region, ct));
        var regionsSeconds = clock.Elapsed.TotalSeconds;
        var hospitals = world.Regions.SelectMany(r => r.HospitalCodes.Select((code, k) => (r, code, level: r.HospitalLevels[k]))).ToList();
        await Parallel.ForEachAsync(hospitals, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (h, ct) => await Call(() => rpc.Registry.RegisterHospitalAsync(new RegisterHospitalRequest
            {
                RequestId = $"{world.RunId}-hosp-{h.r.Index}-{h.code}",
                RegionCode = h.r.Code,
                HospitalCode = h.code,
                Name = $"第{h.r.Index}区第{h.level}级医院 {h.code}",
                Level = h.level,
            }, rpc.Options(ct)).ResponseAsync, ct));

        using (progress.Show(() => $"setup  {clock.Elapsed.TotalSeconds,5:0}s  people {Interlocked.Read(ref _peopleDone):N0}/{world.People:N0}  calls {Calls:N0}"))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, world.People),
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                async (person, ct) =>
                {
                    await SetUpPerson(person, ct);
                    Interlocked.Increment(ref _peopleDone);
                });
        }
        return new SetupResult(clock.Elapsed.TotalSeconds, regionsSeconds, world.Regions.Length, hospitals.Count, world.People, Calls);
    }

    private async Task SetUpRegion(RegionInfo region, CancellationToken ct)
    {
        await Call(() => rpc.Registry.UpsertRegionAsync(new UpsertRegionRequest
        {
            RequestId = $"{world.RunId}-region-{region.Index}",
            RegionCode = region.Code,
            Name = $"负载测试地区 {region.Index} ({world.RunId})",
        }, rpc.Options(ct)).ResponseAsync, ct);
        try
        {
            await Call(() => rpc.Registry.PublishPolicyAsync(world.PolicyRequest(region), rpc.Options(ct)).ResponseAsync, ct);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            // The region code is in use by an earlier run (codes are derived from the run id): reuse its
            // policy if one is in force from our effective date on.
            var existing = await Call(() => rpc.Registry.GetRegionAsync(new GetRegionRequest { RegionCode = region.Code }, rpc.Options(ct)).ResponseAsync, ct);
            if (!existing.PolicyVersions.Any(v => string.CompareOrdinal(v.EffectiveFrom, World.PolicyEffectiveFrom) <= 0
                    && v.Policy.Schemes.Count == 2))
            {
                throw new SetupException($"region {region.Code} already has a policy that does not fit this run ({e.Status.Detail}); use another --run-id");
            }
            Console.Error.WriteLine($"loadgen: region {region.Code} already had a policy (another run used this code); reusing it");
        }
        if (world.CatalogueItems > 0)
        {
            Interlocked.Increment(ref _calls);
            await CatalogueLines.PublishAsync(world, region, rpc, ct);
        }
    }

    private async Task SetUpPerson(int person, CancellationToken ct)
    {
        var personId = world.PersonId(person);
        await Call(() => rpc.Registry.EnrollPersonAsync(new EnrollPersonRequest
        {
            RequestId = $"{world.RunId}-enrol-{person}",
            PersonId = personId,
            InsuredRegionCode = world.Regions[world.InsuredRegion(person)].Code,
            Scheme = world.SchemeOf(person),
            Category = world.CategoryOf(person),
        }, rpc.Options(ct)).ResponseAsync, ct);
        var (employer, individual) = world.Contribution(person);
        await Call(() => rpc.Registry.RecordContributionAsync(new RecordContributionRequest
        {
            RequestId = $"{world.RunId}-contrib-{person}",
            PersonId = personId,
            Period = World.ContributionPeriod,
            EmployerFen = employer,
            IndividualFen = individual,
        }, rpc.Options(ct)).ResponseAsync, ct);
        if (world.HasAssistanceStatus(person))
        {
            await Call(() => rpc.Registry.SetAssistanceStatusAsync(new SetAssistanceStatusRequest
            {
                RequestId = $"{world.RunId}-assist-{person}",
                PersonId = personId,
                Status = AssistanceStatus.MinimumLiving,
                EffectiveFrom = World.PolicyEffectiveFrom,
            }, rpc.Options(ct)).ResponseAsync, ct);
        }
        var registration = world.RegistrationRegion(person);
        if (registration >= 0)
        {
            await Call(() => rpc.Registry.FileRegistrationAsync(new FileRegistrationRequest
            {
                RequestId = $"{world.RunId}-reg-{person}",
                PersonId = personId,
                CareRegionCode = world.Regions[registration].Code,
                ValidFrom = World.RegistrationValidFrom,
                ValidTo = World.RegistrationValidTo,
            }, rpc.Options(ct)).ResponseAsync, ct);
        }
    }

    private async Task<T> Call<T>(Func<Task<T>> call, CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        try
        {
            return await Rpc.WithRetries(call, ct);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled && e.StatusCode != StatusCode.FailedPrecondition)
        {
            throw new SetupException($"{typeof(T).Name}: {e.StatusCode}: {e.Status.Detail}");
        }
    }
}

public sealed record SetupResult(double Seconds, double RegionsSeconds, int Regions, int Hospitals, int People, long Calls);

public sealed class SetupException(string message) : Exception(message);
