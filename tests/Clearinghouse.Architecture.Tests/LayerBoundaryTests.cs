using System.Reflection;
using Clearinghouse.Grains.Abstractions;

namespace Clearinghouse.Architecture.Tests;

/// <summary>Each built assembly's references keep to its layer's rule.</summary>
public sealed class LayerBoundaryTests
{
    public static TheoryData<string> LayerNames => [.. Rules.Keys];

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void A_layer_references_nothing_its_rule_forbids(string layer)
    {
        var (rule, assembly) = Rules[layer];

        Assert.Equal(rule.Layer, assembly.GetName().Name);
        Assert.Empty(rule.Violations(assembly));
    }

    [Fact]
    public void The_api_references_the_shared_abstractions_and_the_domain_it_maps()
    {
        // The positive side: the rule above would pass vacuously if the names it checks were never references at all.
        var references = typeof(Api.RequestRules).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("Clearinghouse.Grains.Abstractions", references);
        Assert.Contains("Clearinghouse.Domain", references);
        Assert.Contains("Npgsql", typeof(Storage.MartenConfiguration).Assembly.GetReferencedAssemblies().Select(a => a.Name));
    }

    private static readonly Dictionary<string, (LayerRule Rule, Assembly Assembly)> Rules = new()
    {
        ["domain"] = (Layers.Domain, typeof(Domain.Limits).Assembly),
        ["abstractions"] = (Layers.Abstractions, typeof(IPersonGrain).Assembly),
        ["api"] = (Layers.Api, typeof(Api.RequestRules).Assembly),
        ["storage"] = (Layers.Storage, typeof(Storage.MartenConfiguration).Assembly),
        ["grains"] = (Layers.Grains, typeof(Grains.Persons.PersonGrain).Assembly),
    };
}
