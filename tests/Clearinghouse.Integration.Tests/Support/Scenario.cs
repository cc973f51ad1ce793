using System.Collections.Concurrent;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>
/// Drives the clearinghouse over gRPC and keeps the reference model in step: every registry call is
/// recorded in the model, every answer is checked against it. Request ids are unique per scenario
/// (they need only be unique per acting region). Calls go to the fixture's current host, so a
/// scenario survives a host restart.
/// </summary>
public sealed class Scenario(ClearinghouseFixture fixture, string requestIdPrefix = "r")
{
    private int _sequence;

    public ReferenceModel Model { get; } = new();

    /// <summary>Differences between answers and the model, gathered so one run reports all of them.</summary>
    public ConcurrentQueue<string> Mismatches { get; } = new();

    public RegistryService.RegistryServiceClient Registry => fixture.Registry;
    public SettlementService.SettlementServiceClient Settlements => fixture.Settlements;

    /// <summary>Today in China on the hosts' clock: the latest service date a visit may have.</summary>
    public DateOnly Today => fixture.Today;

    public string NextRequestId(string kind) => $"{requestIdPrefix}-{kind}-{Interlocked.Increment(ref _sequence):D6}";

    public async Task RegionAsync(string regionCode, string name)
    {
        var region = await Registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = NextRequestId("region"), RegionCode = regionCode, Name = name });
        Assert.Equal(regionCode, region.RegionCode);
        Assert.Equal(name, region.Name);
    }

    public async Task<PolicyVersion> PolicyAsync(string regionCode, DateOnly effectiveFrom, Policy policy)
    {
        var published = await Registry.PublishPolicyAsync(new PublishPolicyRequest
        {
            RequestId = NextRequestId("policy"), RegionCode = regionCode, EffectiveFrom = ChinaClock.Format(effectiveFrom), Policy = policy,
        });
        var version = Model.PublishPolicy(regionCode, effectiveFrom, policy);
        Assert.Equal(version, published.Version);
        Assert.Equal(ChinaClock.Format(effectiveFrom), published.EffectiveFrom);
        Assert.Equal(policy, published.Policy);
        return published;
    }

    public async Task HospitalAsync(string hospitalCode, string regionCode, int level)
    {
        var hospital = await Registry.RegisterHospitalAsync(new RegisterHospitalRequest
        {
            RequestId = NextRequestId("hospital"), RegionCode = regionCode, HospitalCode = hospitalCode, Name = "Hospital " + hospitalCode, Level = level,
        });
        Assert.Equal(new Hospital { HospitalCode = hospitalCode, RegionCode = regionCode, Name = "Hospital " + hospitalCode, Level = level }, hospital);
        Model.RegisterHospital(hospitalCode, regionCode, level);
    }

    public async Task PersonAsync(string personId, string insuredRegionCode, Scheme scheme, PersonCategory category)
    {
        var person = await Registry.EnrollPersonAsync(new EnrollPersonRequest
        {
            RequestId = NextRequestId("enrol"), PersonId = personId, InsuredRegionCode = insuredRegionCode, Scheme = scheme, Category = category,
        });
        Assert.Equal(personId, person.PersonId);
        Assert.Equal(insuredRegionCode, person.InsuredRegionCode);
        Assert.Equal(scheme, person.Scheme);
        Assert.Equal(category, person.Category);
        Assert.Equal(PersonStatus.Active, person.Status);
        Assert.Equal(0, person.AccountBalanceFen);
        Model.Enroll(personId, insuredRegionCode, scheme, category);
    }

    public async Task<ContributionResult> ContributionAsync(string personId, string period, long employerFen, long individualFen)
    {
        var result = await Registry.RecordContributionAsync(new RecordContributionRequest
        {
            RequestId = NextRequestId("contribution"), PersonId = personId, Period = period, EmployerFen = employerFen, IndividualFen = individualFen,
        });
        var (account, pooled) = Model.RecordContribution(personId, period, employerFen, individualFen);
        Assert.Equal(
            (account, pooled, Model.AccountBalanceFen(personId)),
            (result.AccountCreditFen, result.PooledCreditFen, result.AccountBalanceFen));
        return result;
    }

    public async Task RegistrationAsync(string personId, string careRegionCode, DateOnly validFrom, DateOnly validTo)
    {
        var filed = await Registry.FileRegistrationAsync(new FileRegistrationRequest
        {
            RequestId = NextRequestId("registration"), PersonId = personId, CareRegionCode = careRegionCode,
            ValidFrom = ChinaClock.Format(validFrom), ValidTo = ChinaClock.Format(validTo),
        });
        Assert.Equal((personId, careRegionCode, ChinaClock.Format(validFrom), ChinaClock.Format(validTo)),
            (filed.PersonId, filed.CareRegionCode, filed.ValidFrom, filed.ValidTo));
        Assert.False(string.IsNullOrEmpty(filed.RegistrationId));
        Model.FileRegistration(personId, careRegionCode, validFrom, validTo);
    }

    /// <summary>Settles one visit: the model's figures first, then the call, then the comparison.</summary>
    public async Task<Settlement> SettleAsync(SettleRequest request)
    {
        var expected = Model.Compute(request);
        var answer = await Settlements.SettleAsync(request);
        Model.ApplySettlement(answer.SettlementId, expected);
        Check(request, expected, answer);
        return answer;
    }

    /// <summary>Compares an answer with what the model computed for its request (no booking).</summary>
    public void Check(SettleRequest request, ExpectedSettlement expected, Settlement answer)
    {
        foreach (var difference in expected.DifferencesFrom(answer))
        {
            Mismatches.Enqueue(difference);
        }
        if (answer.RequestId != request.RequestId || answer.Reversed || answer.ReversalId != "" || answer.SettlementId.Length == 0)
        {
            Mismatches.Enqueue($"settlement {answer.SettlementId}: request_id/reversed/reversal_id wrong in {answer}");
        }
    }

    /// <summary>
    /// Reverses a settlement as its care region; checks and books the reversal. Its period is the one open
    /// when it was accepted (a period moves at close, not at midnight), so it lies between the open period
    /// read just before the call and the one read just after.
    /// </summary>
    public async Task<Reversal> ReverseAsync(Settlement settlement, string? requestId = null)
    {
        var openBefore = (await fixture.Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        var reversal = await Settlements.ReverseAsync(new ReverseRequest
        {
            RequestId = requestId ?? NextRequestId("reversal"), SettlementId = settlement.SettlementId,
            CareRegionCode = settlement.CareRegionCode, Reason = "scripted correction",
        });
        var openAfter = (await fixture.Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        var reversed = Model.ApplyReversal(settlement.SettlementId);
        if (reversal.SettlementId != settlement.SettlementId
            || reversal.FundPayFen != reversed.FundPayFen
            || reversal.AccountPayFen != reversed.AccountPayFen
            || !ChinaClock.IsPeriod(reversal.Period)
            || string.CompareOrdinal(reversal.Period, openBefore) < 0
            || string.CompareOrdinal(reversal.Period, openAfter) > 0
            || reversal.ReversalId.Length == 0)
        {
            Mismatches.Enqueue($"reversal of {settlement.SettlementId}: expected fund {reversed.FundPayFen} account {reversed.AccountPayFen} " +
                $"in a period from {openBefore} to {openAfter}, got {reversal}");
        }
        return reversal;
    }

    /// <summary>
    /// GetPerson for every year the model has figures for, and for year 0 (this year on the host's clock:
    /// the year read before the call or, if a new year began during it, the one read after).
    /// </summary>
    public async Task CheckPersonAsync(string personId)
    {
        foreach (var year in Model.YearsOf(personId).Append(fixture.Today.Year).Distinct())
        {
            var person = await Registry.GetPersonAsync(new GetPersonRequest { PersonId = personId, Year = year });
            foreach (var difference in Model.DifferencesFrom(person, year))
            {
                Mismatches.Enqueue(difference);
            }
        }
        var yearBefore = fixture.Today.Year;
        var current = await Registry.GetPersonAsync(new GetPersonRequest { PersonId = personId, Year = 0 });
        var yearAfter = fixture.Today.Year;
        var differences = Model.DifferencesFrom(current, yearBefore).ToList();
        if (differences.Count > 0 && yearAfter != yearBefore)
        {
            differences = [.. Model.DifferencesFrom(current, yearAfter)];
        }
        foreach (var difference in differences)
        {
            Mismatches.Enqueue("(year 0) " + difference);
        }
    }

    /// <summary>The settlement as GetSettlement must now show it: the Settle answer, reversed if the model reversed it.</summary>
    public static Settlement AsNowStored(Settlement answer, Reversal? reversal)
    {
        var stored = answer.Clone();
        if (reversal is not null)
        {
            stored.Reversed = true;
            stored.ReversalId = reversal.ReversalId;
        }
        return stored;
    }

    /// <summary>Every page of ListSettlements for one region and period; fails on a repeated id.</summary>
    public async Task<IReadOnlyList<Settlement>> ListAllAsync(string regionCode, string period, int pageSize)
    {
        const int MaxPages = 10_000;
        var all = new List<Settlement>();
        var seen = new HashSet<string>();
        var token = "";
        for (var page = 0; page < MaxPages; page++)
        {
            var response = await Settlements.ListSettlementsAsync(new ListSettlementsRequest
            {
                RegionCode = regionCode, Period = period, PageSize = pageSize, PageToken = token,
            });
            Assert.True(response.Settlements.Count <= pageSize, $"page of {response.Settlements.Count} rows for page_size {pageSize}");
            foreach (var settlement in response.Settlements)
            {
                Assert.True(seen.Add(settlement.SettlementId), $"ListSettlements({regionCode}, {period}) repeated {settlement.SettlementId}");
                all.Add(settlement);
            }
            if (response.NextPageToken.Length == 0)
            {
                return all;
            }
            // A page may be short while transactions anywhere on the server are in flight: listing serves
            // only rows no running transaction can still precede (see SettlementQueries.ListAsync).
            token = response.NextPageToken;
        }
        throw new InvalidOperationException($"ListSettlements({regionCode}, {period}) did not end within {MaxPages} pages");
    }

    public void AssertNoMismatches()
    {
        var all = Mismatches.ToArray();
        Assert.True(all.Length == 0, $"{all.Length} difference(s) from the reference model:\n  " + string.Join("\n  ", all.Take(40)));
    }
}
