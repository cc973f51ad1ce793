namespace Clearinghouse.Cli.Output;

/// <summary>One named value: <see cref="Key"/> in plain output, <see cref="Label"/> in a table.</summary>
public sealed record Field(string Key, string Label, string Value);

public sealed record Column(string Key, string Label, bool AlignRight = false);

/// <summary>What a command prints: blocks of fields or tables, rendered plain or as Spectre tables.</summary>
public abstract record Block(string Name, string Title);

public sealed record FieldsBlock(string Name, string Title, IReadOnlyList<Field> Fields) : Block(Name, Title);

public sealed record TableBlock(string Name, string Title, IReadOnlyList<Column> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
    : Block(Name, Title);
