namespace Clearinghouse.Architecture.Tests;

/// <summary>The rules themselves, on made-up reference lists: each one refuses what it should, and only that.</summary>
public sealed class LayerRuleTests
{
    [Fact]
    public void The_domain_may_not_reference_the_database_the_web_or_the_silo_runtime()
    {
        string[] references =
        [
            "System.Runtime", "Orleans.Core.Abstractions", "Orleans.Serialization", "Orleans.Serialization.Abstractions",
            "Npgsql", "Marten", "Microsoft.AspNetCore.Http.Abstractions", "Orleans.Runtime", "Orleans.Core",
        ];

        Assert.Equal(["Npgsql", "Marten", "Microsoft.AspNetCore.Http.Abstractions", "Orleans.Runtime", "Orleans.Core"], Layers.Domain.Violations(references));
    }

    [Fact]
    public void The_api_may_reference_the_abstractions_but_not_the_grains_or_storage()
    {
        string[] references = ["Clearinghouse.Grains.Abstractions", "Clearinghouse.Grains", "Clearinghouse.Storage", "Npgsql", "Grpc.Core.Api"];

        Assert.Equal(["Clearinghouse.Grains", "Clearinghouse.Storage", "Npgsql"], Layers.Api.Violations(references));
    }

    [Theory]
    [InlineData("Npgsql.*", "Npgsql", true)]
    [InlineData("Npgsql.*", "Npgsql.DependencyInjection", true)]
    [InlineData("Npgsql.*", "NpgsqlX", false)]
    [InlineData("Clearinghouse.Grains", "Clearinghouse.Grains", true)]
    [InlineData("Clearinghouse.Grains", "Clearinghouse.Grains.Abstractions", false)]
    [InlineData("Orleans.Runtime", "Orleans.Runtime.Abstractions", false)]
    public void A_pattern_is_an_exact_name_or_a_family(string pattern, string assemblyName, bool matches)
    {
        Assert.Equal(matches, LayerRule.Matches(pattern, assemblyName));
    }
}
