using Clearinghouse.Cli;
using Clearinghouse.Cli.Reports;

namespace Clearinghouse.Cli.Tests;

/// <summary>The policy file: protobuf JSON of a Policy with its supervision section; a malformed file is refused before any call.</summary>
public sealed class PolicyFileReaderTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("clearinghouse-policy-file-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string FileOf(string json)
    {
        var path = Path.Combine(_directory.FullName, $"policy-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void A_policy_with_a_supervision_section_reads_with_the_thresholds_it_sets_and_no_others()
    {
        var (policy, fingerprint) = PolicyFileReader.Read(FileOf("""
            {"schemes": [{"scheme": "SCHEME_RESIDENT", "annual_cap_fen": 1000}],
             "supervision": {"splitWindowDays": 14, "over_price_medium_bp": 0, "quantity_limits_by_code": {"D-1": 30}, "blocking_rules": ["charged_twice"]}}
            """));

        var s = policy.Supervision;
        Assert.Equal((true, 14, true, 0, false), (s.HasSplitWindowDays, s.SplitWindowDays, s.HasOverPriceMediumBp, s.OverPriceMediumBp, s.HasReadmissionWindowDays));
        Assert.Equal(30, s.QuantityLimitsByCode["D-1"]);
        Assert.Equal<string>(["charged_twice"], s.BlockingRules);
        Assert.Matches("^[0-9a-f]{16}$", fingerprint);
    }

    [Fact]
    public void The_fingerprint_is_of_the_policy_not_of_its_layout()
    {
        var (_, compact) = PolicyFileReader.Read(FileOf("""{"schemes":[{"scheme":"SCHEME_EMPLOYEE"}],"supervision":{"blocking_rules":["overlapping_stays"]}}"""));
        var (_, spread) = PolicyFileReader.Read(FileOf("{\n  \"schemes\": [ { \"scheme\": \"SCHEME_EMPLOYEE\" } ],\n  \"supervision\": { \"blockingRules\": [ \"overlapping_stays\" ] }\n}\n"));
        var (_, other) = PolicyFileReader.Read(FileOf("""{"schemes":[{"scheme":"SCHEME_EMPLOYEE"}],"supervision":{"blocking_rules":["charged_twice"]}}"""));

        Assert.Equal(compact, spread);
        Assert.NotEqual(compact, other);
    }

    [Theory]
    [InlineData("""{"schemes": [}""", "is not a policy")]
    [InlineData("""{"schemes": [], "supervison": {}}""", "is not a policy")]
    [InlineData("""{"supervision": {"readmission_window_days": "soon"}}""", "is not a policy")]
    public void A_malformed_file_is_refused_as_a_usage_error(string json, string said)
    {
        var refused = Assert.Throws<UsageException>(() => PolicyFileReader.Read(FileOf(json)));

        Assert.Contains(said, refused.Message, StringComparison.Ordinal);
    }
}
