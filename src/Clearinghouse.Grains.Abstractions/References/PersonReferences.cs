namespace Clearinghouse.Grains.Abstractions;

/// <summary>
/// References to person grains, one per call, made without Orleans resolving the grain interface's type
/// each time: <c>GrainFactory.GetGrain&lt;IPersonGrain&gt;(id)</c> reads the interface's custom attributes on
/// every call, and every settlement made one (see docs/performance.md). The grain type is fixed (<see cref="IPersonGrain.TypeName"/>, the person grain's
/// <see cref="GrainTypeAttribute"/>) and the interface type is resolved once, so a person id is all a
/// reference needs. Unlike <see cref="RegistryReferences"/> nothing is kept per id: there are
/// millions of persons.
/// </summary>
public sealed class PersonReferences
{
    private static readonly GrainType Type = GrainType.Create(IPersonGrain.TypeName);

    private readonly IGrainFactory _grains;
    private readonly GrainInterfaceType _interface;

    public PersonReferences(IGrainFactory grains, Orleans.Metadata.GrainInterfaceTypeResolver interfaces)
    {
        _grains = grains;
        // The resolver GetGrain itself calls: it reads the interface's attributes and names, not the silo's state.
        _interface = interfaces.GetGrainInterfaceType(typeof(IPersonGrain));
    }

    public IPersonGrain Get(string personId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(personId);
        return (IPersonGrain)_grains.GetGrain(GrainId.Create(Type, personId), _interface);
    }
}
