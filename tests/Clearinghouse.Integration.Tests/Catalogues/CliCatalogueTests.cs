using System.Text;
using Clearinghouse.Cli;
using Clearinghouse.Integration.Tests.Support;

namespace Clearinghouse.Integration.Tests.Catalogues;

/// <summary>
/// The command line publishes a catalogue from a CSV file (docs/cli.md): a file of more items than one batch holds
/// is published as one version, a re-run is a retry that prints the same, the versions and an item read back with
/// the price limit in yuan, and a faulty file is refused by its line before anything is sent.
/// </summary>
public sealed class CliCatalogueTests(CatalogueFixture fixture) : IClassFixture<CatalogueFixture>
{
    private const string Region = "320102";

    private Task<CliRun> Cli(params string[] args) => CliRun.RunAsync(fixture.Host.Address, args);

    [Fact]
    public async Task A_catalogue_file_is_published_read_back_and_a_rerun_is_a_retry()
    {
        var today = fixture.AtNoon();
        await fixture.RegionAsync(Region);
        var directory = Directory.CreateTempSubdirectory("clearinghouse-cli-catalogue-");
        try
        {
            var file = Path.Combine(directory.FullName, "items.csv");
            var lines = new StringBuilder("code,name,category,unit,price_limit\n");
            lines.Append("A001,\"阿司匹林肠溶片, 100mg\",甲,盒,12.5\n");
            for (var i = 2; i <= 12_001; i++)
            {
                lines.Append($"N{i:D6},Item {i},B,次,\n");
            }
            await File.WriteAllTextAsync(file, lines.ToString());

            var first = await Cli("publish-catalogue", "--region", Region, "--effective-from", "2020-01-01", "--file", file);
            var version = first.Ok("publish-catalogue").Fields("catalogue_version");
            Assert.Equal((Region, "1", "2020-01-01", "12001"), (version["region"], version["version"], version["effective_from"], version["item_count"]));
            Assert.Matches($"^catalogue-{Region}-2020-01-01-[0-9a-f]{{16}}$", version["request_id"]);

            var counts = await fixture.Database.CountsAsync();
            var again = await Cli("publish-catalogue", "--region", Region, "--effective-from", "2020-01-01", "--file", file);
            Assert.True(again.ExitCode == 0 && again.Out == first.Out, $"a re-run printed something else:\n{again}\nfirst:\n{first}");
            Assert.Equal(counts, await fixture.Database.CountsAsync());

            var versions = (await Cli("catalogue-versions", "--region", Region)).Ok("catalogue-versions").Table("catalogue_versions");
            Assert.Equal([("1", "2020-01-01", "12001")], versions.Select(v => (v["version"], v["effective_from"], v["item_count"])));

            var item = (await Cli("catalogue-item", "--region", Region, "--code", "A001", "--date", ChinaClock.Format(today))).Ok("catalogue-item").Fields("catalogue_item");
            Assert.Equal(("阿司匹林肠溶片, 100mg", "A (甲)", "盒", "12.50", "1"), (item["name"], item["category"], item["unit"], item["price_limit_yuan"], item["version"]));
            var unlimited = (await Cli("catalogue-item", "--region", Region, "--code", "N012001", "--date", ChinaClock.Format(today))).Ok("catalogue-item").Fields("catalogue_item");
            Assert.Equal(("B (乙)", "none"), (unlimited["category"], unlimited["price_limit_yuan"]));

            var faulty = Path.Combine(directory.FullName, "faulty.csv");
            await File.WriteAllTextAsync(faulty, "code,name,category,unit,price_limit\nA001,n,A,盒,1\nB002,n,B,盒,1.234\n");
            var refused = await Cli("publish-catalogue", "--region", Region, "--effective-from", ChinaClock.Format(today.AddDays(1)), "--file", faulty);
            Assert.True(refused.ExitCode == ExitCodes.InvalidArguments, refused.ToString());
            Assert.Contains($"{faulty}:3: price_limit must be yuan", refused.Error, StringComparison.Ordinal);
            Assert.Equal(counts, await fixture.Database.CountsAsync());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
