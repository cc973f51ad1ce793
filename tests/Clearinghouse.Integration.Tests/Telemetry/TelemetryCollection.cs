namespace Clearinghouse.Integration.Tests.Telemetry;

/// <summary>
/// The telemetry tests run alone. An OpenTelemetry meter provider listens to every meter of its name in the
/// process, and its tracer provider to every activity source, not only to those of its own host: while other
/// classes' hosts settle beside it, the counts it serves would hold their settlements too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
