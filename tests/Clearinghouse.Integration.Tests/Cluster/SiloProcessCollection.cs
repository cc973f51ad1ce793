namespace Clearinghouse.Integration.Tests.Cluster;

/// <summary>
/// The classes that run silos as processes under load (three hosts each, and a load or a million-row close) take
/// their turns: side by side on a 2-core machine their silos' starts and the loads' calls would stretch toward
/// the tests' time bounds. They still run beside the other classes.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SiloProcessCollection
{
    public const string Name = "Silo processes";
}
