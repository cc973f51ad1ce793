namespace Clearinghouse.Api;

/// <summary>
/// The name of a request field for a refusal message, formatted only when a message is made: a
/// settlement's line items would otherwise build "items[i].code", "items[i].name" … for every line of
/// every call (the largest share of the host's allocations under load, docs/performance.md).
/// </summary>
public readonly struct FieldName
{
    private readonly string _name;
    private readonly int _index;
    private readonly string? _member;

    private FieldName(string name, int index, string? member)
    {
        _name = name;
        _index = index;
        _member = member;
    }

    public static implicit operator FieldName(string name) => new(name, -1, null);

    /// <summary>The element at <paramref name="index"/> of a repeated field: <c>items[3]</c>.</summary>
    public static FieldName Element(string name, int index) => new(name, index, null);

    /// <summary>A field of this element: <c>items[3].code</c>.</summary>
    public FieldName Member(string member) => new(_name, _index, member);

    public override string ToString() =>
        (_index, _member) switch
        {
            ( < 0, _) => _name,
            (_, null) => $"{_name}[{_index}]",
            _ => $"{_name}[{_index}].{_member}",
        };
}
