using System.Net;
using Clearinghouse.Host;
using Clearinghouse.Host.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>
/// Clearinghouse:Cluster:Kubernetes: how it binds and what it changes in the silo's options. The silo is
/// built, never started (no Kubernetes here, no database): the pod's facts come in through the environment
/// variables a pod's downward API sets (ops/k8s/silos.yaml).
/// </summary>
public sealed class KubernetesHostingTests
{
    // Never opened: the silo is only built.
    private const string ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres";

    [Fact]
    public void It_is_off_by_default_and_binds_from_configuration()
    {
        Assert.False(Bind([]).Cluster.Kubernetes);
        Assert.True(Bind(new() { ["Clearinghouse:Cluster:Kubernetes"] = "true" }).Cluster.Kubernetes);
    }

    [Fact]
    public void Off_the_silo_advertises_its_configured_address_and_name_and_registers_nothing_of_Kubernetes()
    {
        var builder = SiloBuilder(new()
        {
            ["Clearinghouse:Cluster:Mode"] = "AdoNet",
            ["Clearinghouse:Cluster:SiloName"] = "silo-7",
            ["Clearinghouse:SiloPort"] = "11117",
        });
        Assert.DoesNotContain(builder.Services, IsKubernetesService);

        using var host = builder.Build();
        var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(IPAddress.Loopback, endpoints.AdvertisedIPAddress);
        Assert.Equal(11117, endpoints.SiloPort);
        Assert.Null(endpoints.SiloListeningEndpoint); // Orleans: listen where it advertises
        Assert.Equal("silo-7", host.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);
    }

    [Fact]
    public void On_the_silo_takes_its_name_and_address_from_the_pod_and_listens_on_every_address()
    {
        var builder = SiloBuilder(new()
        {
            ["Clearinghouse:Cluster:Mode"] = "AdoNet",
            ["Clearinghouse:Cluster:Kubernetes"] = "true",
            // Kubernetes hosting names the silo after its pod: a configured name gives way.
            ["Clearinghouse:Cluster:SiloName"] = "silo-7",
            ["Clearinghouse:SiloPort"] = "11117",
            ["Clearinghouse:GatewayPort"] = "30007",
        });
        Assert.Contains(builder.Services, IsKubernetesService);
        using var host = builder.Build();
        var pod = new Dictionary<string, string> { ["POD_NAMESPACE"] = "clearinghouse", ["POD_NAME"] = "clearinghouse-silo-0", ["POD_IP"] = "10.1.2.3" };
        // Read when the options are first asked for. Nothing else in the test run reads these variables.
        foreach (var (name, value) in pod)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        try
        {
            var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
            Assert.Equal(IPAddress.Parse("10.1.2.3"), endpoints.AdvertisedIPAddress);
            Assert.Equal(new IPEndPoint(IPAddress.Any, 11117), endpoints.SiloListeningEndpoint);
            Assert.Equal(new IPEndPoint(IPAddress.Any, 30007), endpoints.GatewayListeningEndpoint);
            Assert.Equal("clearinghouse-silo-0", host.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);
        }
        finally
        {
            foreach (var name in pod.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Fact]
    public void With_localhost_clustering_it_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SiloBuilder(new() { ["Clearinghouse:Cluster:Kubernetes"] = "true" }));
        Assert.Contains("Mode=AdoNet", error.Message, StringComparison.Ordinal);
    }

    private static ClearinghouseOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build()
            .GetSection(ClearinghouseOptions.Section).Get<ClearinghouseOptions>() ?? new();

    /// <summary>A host with only the silo, clustered as the clearinghouse host clusters it.</summary>
    private static HostApplicationBuilder SiloBuilder(Dictionary<string, string?> settings)
    {
        var options = Bind(settings);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.UseClustering(options, ConnectionString));
        return builder;
    }

    private static bool IsKubernetesService(ServiceDescriptor service) =>
        (service.IsKeyedService ? service.KeyedImplementationType : service.ImplementationType)?.Namespace == typeof(KubernetesHostingOptions).Namespace;
}
