using Clearinghouse.Api;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Npgsql;

namespace Clearinghouse.Integration.Tests.Storage;

/// <summary>
/// An event stored in an earlier shape is read as the current one on every read path: a contribution stored as
/// contribution_recorded_v1 (before it named the insured region) is folded into the person's state when the
/// grain loads (Marten's stream read), answers a retry of its request (the event read by version), and is filed
/// in the audit trail by a read-model rebuild, all with the insured region taken from its request's scope. New
/// contributions are stored in the second shape.
/// </summary>
public sealed class EventUpcastingTests(EventUpcastingTests.Fixture fixture) : IClassFixture<EventUpcastingTests.Fixture>
{
    private const string Insured = "150102";
    private const string Person = "up-1";

    public sealed class Fixture : ClearinghouseFixture
    {
        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "up");
            await scenario.RegionAsync(Insured, "Hohhot Huimin");
            await scenario.PolicyAsync(Insured, new DateOnly(Today.Year - 1, 1, 1), Policies.Standard());
            await scenario.PersonAsync(Person, Insured, Scheme.Employee, PersonCategory.Active);
        }
    }

    [Fact]
    public async Task A_contribution_stored_in_its_first_shape_is_read_as_the_current_one_everywhere()
    {
        var old = new RecordContributionRequest { RequestId = "old-1", PersonId = Person, Period = "2026-01", EmployerFen = 60_000, IndividualFen = 20_000 };
        // Stored as the first shape was: no InsuredRegionCode; the scope is the insured region.
        var oldJson = $$"""
            {"Request":{"Scope":"{{Insured}}","RequestId":"old-1","Fingerprint":"{{Fingerprint.Of(old)}}","AcceptedAt":"2026-01-15T02:00:00+00:00"},
             "Period":"2026-01","EmployerFen":60000,"IndividualFen":20000,"AccountCreditFen":26000,"PooledCreditFen":54000,"AccountBalanceAfterFen":26000}
            """;
        await fixture.RestartHostAsync(() => StoreAsync(oldJson, "old-1"));

        // Marten's stream read: the grain folds the old event into the account.
        Assert.Equal(26_000, (await fixture.Registry.GetPersonAsync(new GetPersonRequest { PersonId = Person })).AccountBalanceFen);
        // The event read by version: a retry answers from it.
        Assert.Equal(new ContributionResult { AccountCreditFen = 26_000, PooledCreditFen = 54_000, AccountBalanceFen = 26_000 },
            await fixture.Registry.RecordContributionAsync(old));
        // A new contribution goes on from there, stored in the second shape with its region.
        var next = await fixture.Registry.RecordContributionAsync(new RecordContributionRequest
        {
            RequestId = "new-1", PersonId = Person, Period = "2026-02", EmployerFen = 0, IndividualFen = 10_000,
        });
        Assert.Equal(36_000, next.AccountBalanceFen);
        Assert.Equal(
            [("person_enrolled_v1", null), ("contribution_recorded_v1", null), ("contribution_recorded_v2", Insured)],
            await StoredAsync());

        // The rebuild reads it too, and files it under the insured region.
        await fixture.RestartHostAsync(() => ReadModelRebuilds.RunAsync(fixture.ConnectionString));
        var audit = new AuditService.AuditServiceClient(fixture.Host.Channel);
        var contributions = await audit.ListActionsAsync(new ListActionsRequest { EventKind = "contribution_recorded", RegionCode = Insured });
        Assert.Equal(["new-1", "old-1"], contributions.Actions.Select(a => a.RequestId));
        Assert.Equal(36_000, (await fixture.Registry.GetPersonAsync(new GetPersonRequest { PersonId = Person })).AccountBalanceFen);
    }

    /// <summary>Appends one stored event to the person's stream as an older build wrote it, with its request key.</summary>
    private Task StoreAsync(string json, string requestId) =>
        OldStoredEvents.AppendSecondAsync(
            fixture.ConnectionString, Person, "contribution_recorded_v1", "Clearinghouse.Domain.Events.ContributionRecorded, Clearinghouse.Domain", json, Insured, requestId);

    /// <summary>The person's stored events: type, and the region the JSON itself names (null when it names none).</summary>
    private async Task<List<(string Type, string? Region)>> StoredAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select type, data ->> 'InsuredRegionCode' from clearinghouse.mt_events where stream_id = @stream order by version",
            connection);
        command.Parameters.AddWithValue("stream", "person:" + Person);
        var stored = new List<(string, string?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            stored.Add((reader.GetString(0), reader.GetString(0) == "person_enrolled_v1" ? null : reader.IsDBNull(1) ? null : reader.GetString(1)));
        }
        return stored;
    }
}
